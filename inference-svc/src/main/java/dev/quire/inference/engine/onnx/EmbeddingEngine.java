package dev.quire.inference.engine.onnx;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.ToIntFunction;

import dev.quire.common.QuireException;

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

    /**
     * The check every engine makes before a call: 1 to {@code maxBatchSize} texts, none null.
     *
     * @throws QuireException.InvalidRequest naming the limit, or the null text's index
     */
    static void checkBatch(List<String> texts, int maxBatchSize) {
        if (texts == null || texts.isEmpty()) {
            throw new QuireException.InvalidRequest("no text to embed: send between 1 and " + maxBatchSize + " texts");
        }
        if (texts.size() > maxBatchSize) {
            throw new QuireException.InvalidRequest("got " + texts.size() + " texts in one batch; a batch holds 1 to " + maxBatchSize
                    + " texts (max_batch_size is " + maxBatchSize + ")");
        }
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i) == null) {
                throw new QuireException.InvalidRequest("text " + i + " is null; every element must be a string");
            }
        }
    }

    /**
     * How many tokens a text takes in a padded batch, where padding costs this engine real work
     * (ONNX Runtime on CPU): the dynamic batcher then runs requests of about one length together
     * ({@code LengthGroupCut}). Empty where a batch costs about the same whatever its padding (a
     * GPU server behind a remote engine) and where every call holds one text.
     */
    default Optional<ToIntFunction<String>> tokenCounter() {
        return Optional.empty();
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
