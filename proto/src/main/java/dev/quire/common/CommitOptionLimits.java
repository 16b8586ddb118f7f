package dev.quire.common;

/**
 * Limits of the commit assistant's options, shared by the gateway (which checks them so the error
 * names the HTTP API's fields) and gitcommit-svc (which checks every request it takes off Kafka).
 */
public final class CommitOptionLimits {

    /** Each suggestion is a full model call; more than this is more than anyone reads. */
    public static final int MAX_SUGGESTIONS = 5;
    /** Style examples (the API's {@code history}) beyond this add prompt length, not style. */
    public static final int MAX_HISTORY = 20;

    private CommitOptionLimits() {
    }
}
