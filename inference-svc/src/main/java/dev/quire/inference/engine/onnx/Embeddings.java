package dev.quire.inference.engine.onnx;

import java.util.List;

/**
 * The result of one {@link EmbeddingEngine#embed} call.
 *
 * @param vectors   one L2-normalised vector per text, in input order ([n, dimension])
 * @param truncated indexes of the texts that were cut to the model's token limit
 * @param maxTokens that limit, so a warning can name it
 */
public record Embeddings(float[][] vectors, List<Integer> truncated, int maxTokens) {

    public Embeddings {
        truncated = List.copyOf(truncated);
    }

    /**
     * Scales {@code vector} to length 1 in place; sentence-transformers clamps the norm at 1e-12, so a
     * zero vector stays zero.
     */
    public static void normalise(float[] vector) {
        double norm = 0;
        for (float v : vector) {
            norm += (double) v * v;
        }
        float scale = (float) (1.0 / Math.max(Math.sqrt(norm), 1e-12));
        for (int d = 0; d < vector.length; d++) {
            vector[d] *= scale;
        }
    }

    public int size() {
        return vectors.length;
    }

    /** A notice for the caller when texts were truncated; empty when none were. */
    public java.util.Optional<String> warning() {
        if (truncated.isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(truncated.size() + " text(s) longer than " + maxTokens
                + " tokens were truncated before embedding (indexes " + truncated + ")");
    }
}
