package dev.quire.bench.load;

import dev.quire.inference.engine.TokenSink;

/**
 * Times the pieces of one streamed answer. llama.cpp streams a character that spans several
 * tokens (UTF-8 bytes of the random model's byte tokens) as one piece, so gaps between pieces
 * are not gaps between tokens; the inter-token latency is therefore taken per request as
 * (last piece - first piece) / (tokens - 1), with tokens = max_tokens, which ignore_eos makes exact.
 */
public final class StreamTimer {

    private final long start;
    private long first = -1;
    private long last = -1;
    private int pieces;

    public StreamTimer(long startNanos) {
        this.start = startNanos;
    }

    /** A sink for an in-process engine that times each piece as it arrives. */
    public TokenSink sink() {
        return piece -> piece(System.nanoTime());
    }

    public synchronized void piece(long nowNanos) {
        if (first < 0) {
            first = nowNanos;
        }
        last = nowNanos;
        pieces++;
    }

    /** @throws IllegalStateException when the answer cannot have been {@code tokens} tokens long */
    public synchronized CallOutcome outcome(int tokens) {
        if (pieces < 1 || pieces > tokens) {
            throw new IllegalStateException("an answer of " + tokens + " tokens arrived in " + pieces
                    + " pieces; expected 1.." + tokens + " (llama.cpp joins multi-byte characters)");
        }
        long[] meanGap = tokens > 1 ? new long[] {(last - first) / (tokens - 1)} : new long[0];
        return new CallOutcome(1, tokens, first - start, meanGap);
    }
}
