package dev.quire.gitcommit.message;

import java.util.List;

/**
 * A finished commit message.
 *
 * @param title    first line, within the title limit
 * @param body     explanation, empty when there is none
 * @param warnings what the user must know about how the message was made
 */
public record CommitMessage(String title, String body, List<String> warnings) {

    public CommitMessage {
        warnings = List.copyOf(warnings);
    }

    /** The text git stores: title, blank line, body (or the title alone). */
    public String message() {
        return body.isEmpty() ? title : title + "\n\n" + body;
    }
}
