package dev.quire.inference.engine.onnx;

/**
 * Cuts a batch of texts, sorted by token count, into padded sub-batches that cost ONNX Runtime the
 * least time. A sub-batch of {@code n} texts padded to {@code L} tokens is modelled as costing
 * {@link #CALL_COST_TOKENS} {@code + n * L} token-times: on CPU the model is compute-bound per
 * token, and each call also pays a fixed cost that batching spreads. The best cut is found exactly
 * by dynamic programming over the sorted lengths (a sub-batch is always a run of neighbours there).
 * The dynamic batcher uses the same cut over whole requests ({@code LengthGroupCut}).
 */
public final class LengthBuckets {

    /**
     * The fixed cost of one ONNX Runtime call of all-MiniLM-L6-v2, in tokens' worth of compute. Measured
     * on one AVX2 core (2026-11-30): batch 1 took ~6.5 ms at 8 tokens and ~23 ms at 64 (~0.3 ms a
     * token), and 8 texts of 8 tokens took as long as 1 text of 64, so the time is the padded tokens
     * plus ~4 ms a call. ORT's profiler puts that in the MatMuls: at 8 tokens each 384x1536 one took
     * ~0.3 ms, about the time to read its 2.4 MB of FP32 weights from memory (the encoder's ~43 MB do
     * not fit a 32 MB L3 cache), which a call reads once whatever its batch.
     */
    static final int CALL_COST_TOKENS = 12;

    private LengthBuckets() {
    }

    /**
     * The sizes of the consecutive sub-batches to run, in order, for texts whose token counts are
     * {@code sortedLengths} (ascending); they add up to its length.
     */
    static int[] sizes(int[] sortedLengths) {
        int[] ones = new int[sortedLengths.length];
        java.util.Arrays.fill(ones, 1);
        return sizes(sortedLengths, ones);
    }

    /**
     * The same cut over items that each hold {@code weights[i]} texts padded to at least
     * {@code sortedLengths[i]} tokens (a request of several texts, by its longest): the sizes count
     * items, and a sub-batch of items costs {@link #CALL_COST_TOKENS} plus its texts times its
     * longest length.
     */
    public static int[] sizes(int[] sortedLengths, int[] weights) {
        int n = sortedLengths.length;
        if (weights.length != n) {
            throw new IllegalArgumentException(n + " lengths but " + weights.length + " weights");
        }
        // best[j]: least cost of the first j items; cut[j]: where the last sub-batch of that best starts.
        long[] best = new long[n + 1];
        int[] cut = new int[n + 1];
        for (int j = 1; j <= n; j++) {
            if (sortedLengths[j - 1] < sortedLengths[Math.max(0, j - 2)]) {
                throw new IllegalArgumentException("lengths must be sorted ascending");
            }
            best[j] = Long.MAX_VALUE;
            long texts = 0;
            for (int i = j - 1; i >= 0; i--) {
                texts += weights[i];
                long cost = best[i] + CALL_COST_TOKENS + texts * sortedLengths[j - 1];
                if (cost <= best[j]) { // on a tie the longer last sub-batch, as the first-found of an ascending scan
                    best[j] = cost;
                    cut[j] = i;
                }
            }
        }
        int count = 0;
        for (int j = n; j > 0; j = cut[j]) {
            count++;
        }
        int[] sizes = new int[count];
        for (int j = n, k = count - 1; j > 0; j = cut[j], k--) {
            sizes[k] = j - cut[j];
        }
        return sizes;
    }

    /** The modelled cost of running {@code sortedLengths} cut into {@code sizes}; for tests and comparisons. */
    static long cost(int[] sortedLengths, int[] sizes) {
        long total = 0;
        int start = 0;
        for (int size : sizes) {
            total += CALL_COST_TOKENS + (long) size * sortedLengths[start + size - 1];
            start += size;
        }
        return total;
    }
}
