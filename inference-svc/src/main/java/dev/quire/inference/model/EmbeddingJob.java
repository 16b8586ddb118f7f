package dev.quire.inference.model;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.quire.common.inference.EmbeddingTensors;
import dev.quire.inference.engine.onnx.Embeddings;

/**
 * One embedding request waiting in or running through a model's dynamic batcher; the batcher may
 * run it together with other requests in one padded engine call.
 *
 * @param texts  the request's texts (its batch dimension)
 * @param result completed with one vector per text, or exceptionally with the reason there is none
 */
public record EmbeddingJob(List<String> texts, CompletableFuture<Embeddings> result) {

    /** Name of the BYTES input tensor holding the texts. */
    public static final String INPUT = EmbeddingTensors.INPUT;
    /** Name of the FP32 output tensor [n, dimension]. */
    public static final String OUTPUT = EmbeddingTensors.OUTPUT;

    public EmbeddingJob {
        texts = List.copyOf(texts);
    }
}
