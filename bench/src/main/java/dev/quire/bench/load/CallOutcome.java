package dev.quire.bench.load;

/**
 * What one call produced, beyond its latency (which the generator measures itself).
 *
 * @param items            units of work done (texts embedded, prompts answered)
 * @param outputTokens     generated tokens; 0 for non-generating calls
 * @param firstTokenNanos  time from sending to the first token; -1 when the call streams nothing
 * @param interTokenNanos  gaps between consecutive tokens
 */
public record CallOutcome(int items, int outputTokens, long firstTokenNanos, long[] interTokenNanos) {

    private static final long[] NONE = new long[0];

    public static CallOutcome items(int items) {
        return new CallOutcome(items, 0, -1, NONE);
    }
}
