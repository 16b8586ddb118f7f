package dev.quire.inference.config;

import java.nio.file.Path;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Service-wide model settings. Which models exist comes from the model repository
 * ({@link #repository()}); the other keys are the defaults of the built-in {@code llm} model and of
 * models whose config leaves a field out (each key says which engines read it).
 */
@ConfigMapping(prefix = "quire.model")
public interface ModelConfig {

    /**
     * A Triton-style model repository folder (one sub-folder per model with config.properties).
     * Absent: the built-in repository on the classpath ({@code model-repository/}), which serves {@code llm}.
     */
    Optional<Path> repository();

    /** Name clients use for the built-in repository's generation model. */
    @WithDefault("llm")
    String name();

    /** A GGUF file for llama.cpp models without a 'file'; when absent a random test model is generated (answers are noise). */
    Optional<Path> path();

    /** Where the generated random test model is cached between runs. */
    @WithDefault("${user.home}/.cache/quire/models")
    Path cacheDir();

    /** Seed of the random test model: the same seed gives the same file. */
    @WithDefault("20240611")
    long randomSeed();

    /** Default {@code context_size} of llama.cpp and remote models: tokens (prompt + answer) available to each request. */
    @WithDefault("4096")
    int contextSize();

    /**
     * Default {@code instances}: requests llama.cpp decodes together (continuous batching slots), and
     * requests a remote Triton or OpenAI-compatible model has in flight. ONNX models default to 1.
     */
    @WithDefault("2")
    int parallel();

    /** Default {@code threads} of the embedded engines (llama.cpp decoding, ONNX Runtime intra-op); on 2 cores 1 is often faster for tiny models. */
    @WithDefault("1")
    int threads();

    /** max_tokens used when a request does not say. */
    @WithDefault("128")
    int defaultMaxTokens();

    /** Hard cap on max_tokens; larger requests are rejected with the limit in the message. */
    @WithDefault("2048")
    int maxTokensCap();
}
