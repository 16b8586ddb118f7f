package dev.quire.common.inference;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.quire.common.QuireException;

/**
 * The prompt alone fills the model's context, so nothing could be generated. inference-svc says so
 * in this message; a client reads the two token counts back from it ({@link #fromMessage}) to
 * shorten what it put into the prompt and ask again. One class on both sides keeps the wording and
 * its parsing in step.
 */
public class PromptTooLongException extends QuireException.InvalidRequest {

    private static final Pattern COUNTS = Pattern.compile("the prompt has (\\d+) tokens but the model's context holds (\\d+) tokens");

    private final int promptTokens;
    private final int contextTokens;

    public PromptTooLongException(int promptTokens, int contextTokens) {
        super("the prompt has " + promptTokens + " tokens but the model's context holds " + contextTokens
                + " tokens (prompt and answer together); shorten the prompt by at least " + (promptTokens - contextTokens + 1) + " tokens");
        this.promptTokens = promptTokens;
        this.contextTokens = contextTokens;
    }

    /** The exception a status description carries, when it is this one's message. */
    public static Optional<PromptTooLongException> fromMessage(String message) {
        Matcher m = COUNTS.matcher(message);
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new PromptTooLongException(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
        } catch (NumberFormatException tooLarge) {
            return Optional.empty();
        }
    }

    public int promptTokens() {
        return promptTokens;
    }

    public int contextTokens() {
        return contextTokens;
    }
}
