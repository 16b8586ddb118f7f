package dev.quire.gitcommit.prompt;

import java.util.List;

/**
 * A rendered prompt and what it had to leave out.
 *
 * @param text      the prompt sent to the model
 * @param diffChars characters of diff hunks in it (what a smaller budget can cut)
 * @param warnings  what the user must know about the prompt (hunks left out for the budget)
 */
public record CommitPrompt(String text, int diffChars, List<String> warnings) {

    public CommitPrompt {
        warnings = List.copyOf(warnings);
    }
}
