package dev.quire.cli.gateway;

import java.util.List;

/**
 * The gateway's answer.
 *
 * @param suggestions best first, never empty
 * @param warnings    what the service wants the user to know (e.g. a random test model answered)
 */
public record SuggestionReply(List<Suggestion> suggestions, List<String> warnings) {

    public SuggestionReply {
        suggestions = List.copyOf(suggestions);
        warnings = List.copyOf(warnings);
    }
}
