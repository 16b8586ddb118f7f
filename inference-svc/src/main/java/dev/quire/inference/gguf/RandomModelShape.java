package dev.quire.inference.gguf;

import java.util.Locale;

/**
 * The size of a generated random llama model. {@link #TINY} is the test model every service starts
 * with when no model is configured; larger shapes give benchmarks real per-token work.
 *
 * @param embeddingLength   width of the hidden state
 * @param blockCount        transformer blocks
 * @param headCount         attention heads (key/value heads too: no grouped-query attention)
 * @param feedForwardLength width of each block's feed-forward layer
 * @param contextLength     context the model declares (llama.context_length)
 */
public record RandomModelShape(int embeddingLength, int blockCount, int headCount, int feedForwardLength, int contextLength) {

    /** About 0.3M parameters: fast enough for every test. */
    public static final RandomModelShape TINY = new RandomModelShape(64, 2, 4, 192, 4096);

    public RandomModelShape {
        if (embeddingLength < 1 || blockCount < 1 || headCount < 1 || feedForwardLength < 1 || contextLength < 16) {
            // The fields are not assigned yet inside a compact constructor: name the parameters.
            throw new IllegalArgumentException(String.format(Locale.ROOT, "every dimension must be >= 1 and the context >= 16; got embeddingLength %d,"
                    + " blockCount %d, headCount %d, feedForwardLength %d, contextLength %d", embeddingLength, blockCount, headCount, feedForwardLength, contextLength));
        }
        // Rotary embeddings rotate pairs of dimensions of each head.
        if (embeddingLength % headCount != 0 || (embeddingLength / headCount) % 2 != 0) {
            throw new IllegalArgumentException("embedding length " + embeddingLength + " must split into " + headCount
                    + " heads of an even size");
        }
    }

    public int headDimension() {
        return embeddingLength / headCount;
    }

    /** Weights of the model with a vocabulary of {@code vocabularySize} tokens (norms included). */
    public long parameterCount(int vocabularySize) {
        long n = embeddingLength;
        long perBlock = 4 * n * n + 3 * n * feedForwardLength + 2 * n;
        return 2 * n * vocabularySize + n + blockCount * perBlock;
    }

    /** Names the shape in file names, e.g. {@code e512-b14-h8-ff1536-ctx4096}. */
    public String tag() {
        return String.format(Locale.ROOT, "e%d-b%d-h%d-ff%d-ctx%d", embeddingLength, blockCount, headCount, feedForwardLength, contextLength);
    }
}
