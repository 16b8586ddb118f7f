package dev.quire.inference.engine.onnx;

/**
 * How the ONNX embedding engine runs. {@link #defaults()} is what Quire ships with; a model's config
 * sets max_batch_size, context_size (maxTokens) and threads, while length bucketing is always on.
 *
 * @param maxBatchSize       most texts in one ONNX Runtime call
 * @param maxTokens          tokens kept per text (all-MiniLM-L6-v2 was trained on 256; its positions end at 512)
 * @param intraOpThreads     ONNX Runtime threads inside one call
 * @param lengthBuckets      true: run a batch as length-sorted padded sub-batches that waste little padding
 */
public record EmbeddingSettings(int maxBatchSize, int maxTokens, int intraOpThreads, boolean lengthBuckets) {

    /** all-MiniLM-L6-v2 has 512 position embeddings. */
    public static final int MODEL_POSITION_LIMIT = 512;

    public EmbeddingSettings {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("max batch size must be at least 1, got " + maxBatchSize);
        }
        if (maxTokens < 3 || maxTokens > MODEL_POSITION_LIMIT) {
            throw new IllegalArgumentException("max tokens must be between 3 and " + MODEL_POSITION_LIMIT + ", got " + maxTokens);
        }
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intra-op threads must be at least 1, got " + intraOpThreads);
        }
    }

    public static EmbeddingSettings defaults() {
        return new EmbeddingSettings(32, 256, 1, true);
    }
}
