package dev.quire.cli.gateway;

import java.util.List;
import java.util.Optional;

/**
 * What the CLI asks the gateway for.
 *
 * @param diff        unified diff of the staged changes
 * @param titleLimit  longest title
 * @param language    language of the message, empty for the service default
 * @param conventional Conventional Commits titles
 * @param suggestions how many messages
 * @param history     recent commit titles, newest first, as style examples
 */
public record SuggestionRequest(String diff, int titleLimit, Optional<String> language, boolean conventional,
        int suggestions, List<String> history) {

    public SuggestionRequest {
        history = List.copyOf(history);
    }
}
