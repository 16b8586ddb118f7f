package dev.quire.inference.engine.onnx;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A loaded sentence-embedding model. {@link #embed} runs the texts as one padded batch; it blocks
 * the calling thread and is safe to call from several threads.
 */
public interface EmbeddingEngine extends AutoCloseable {

    /**
     * Embeds every text as one batch.
     *
     * @throws dev.quire.common.QuireException.InvalidRequest when the list is empty, holds null, or has
     *         more than {@link #maxBatchSize()} texts
     */
    Embeddings embed(List<String> texts);

    /**
     * Embeds every text as one batch, giving the call up at {@code deadline} where the engine calls
     * out (a remote server); an in-process engine's call is short and runs to its end.
     */
    default Embeddings embed(List<String> texts, Optional<Instant> deadline) {
        return embed(texts);
    }

    /** Length of every vector. */
    int dimension();

    /** Most texts one {@link #embed} call accepts. */
    int maxBatchSize();

    /** Most tokens (special tokens included) kept per text; longer texts are truncated and flagged. */
    int maxTokens();

    @Override
    void close();
}
