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

    /** @throws QuireException.InvalidRequest naming the API's field when {@code suggestions} is outside 1..{@link #MAX_SUGGESTIONS} */
    public static void requireSuggestions(int suggestions) {
        if (suggestions < 1 || suggestions > MAX_SUGGESTIONS) {
            throw new QuireException.InvalidRequest("options.suggestions must be between 1 and " + MAX_SUGGESTIONS + ", got " + suggestions);
        }
    }

    /** @throws QuireException.InvalidRequest naming the API's field when more than {@link #MAX_HISTORY} titles are given */
    public static void requireHistory(int titles) {
        if (titles > MAX_HISTORY) {
            throw new QuireException.InvalidRequest("options.history holds at most " + MAX_HISTORY + " commit titles, got " + titles);
        }
    }
}
