package dev.quire.inference.model;

import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

import dev.quire.common.inference.EmbeddingTensors;
import dev.quire.inference.engine.onnx.EmbeddingEngine;
import dev.quire.inference.engine.onnx.Embeddings;

/**
 * One embedding request waiting in or running through a model's dynamic batcher; the batcher may
 * run it together with other requests in one padded engine call.
 *
 * @param texts         the request's texts (its batch dimension)
 * @param longestTokens the token count of its longest text, where the engine counts tokens
 *                      ({@link EmbeddingEngine#tokenCounter()}); counted once, before it is queued
 * @param result        completed with one vector per text, or exceptionally with the reason there is none
 */
public record EmbeddingJob(List<String> texts, OptionalInt longestTokens, CompletableFuture<Embeddings> result) {

    /** Name of the BYTES input tensor holding the texts. */
    public static final String INPUT = EmbeddingTensors.INPUT;
    /** Name of the FP32 output tensor [n, dimension]. */
    public static final String OUTPUT = EmbeddingTensors.OUTPUT;

    public EmbeddingJob {
        texts = List.copyOf(texts);
    }

    /** A job whose length is not known: the batcher runs it with whatever it batches with. */
    public EmbeddingJob(List<String> texts, CompletableFuture<Embeddings> result) {
        this(texts, OptionalInt.empty(), result);
    }

    /** A job for {@code engine}, with its longest text's token count if the engine counts tokens. */
    public static EmbeddingJob forEngine(EmbeddingEngine engine, List<String> texts, CompletableFuture<Embeddings> result) {
        OptionalInt longest = engine.tokenCounter()
                .map(counter -> texts.stream().mapToInt(counter).max())
                .orElse(OptionalInt.empty());
        return new EmbeddingJob(texts, longest, result);
    }
}
