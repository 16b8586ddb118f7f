package dev.quire.gitcommit.prompt;

import java.util.List;

/**
 * A rendered prompt and what it had to leave out.
 *
 * @param text     the prompt sent to the model
 * @param warnings what the user must know about the prompt (hunks left out for the budget)
 */
public record CommitPrompt(String text, List<String> warnings) {

    public CommitPrompt {
        warnings = List.copyOf(warnings);
    }
}
