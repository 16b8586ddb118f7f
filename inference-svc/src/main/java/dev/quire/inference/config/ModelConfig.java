package dev.quire.inference.config;

import java.nio.file.Path;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the single text-generation model ({@code llm}) served by this process. */
@ConfigMapping(prefix = "quire.model")
public interface ModelConfig {

    /** Name clients use in ModelInfer. */
    @WithDefault("llm")
    String name();

    /** A GGUF file to serve; when absent a random test model is generated (answers are noise). */
    Optional<Path> path();

    /** Where the generated random test model is cached between runs. */
    @WithDefault("${user.home}/.cache/quire/models")
    Path cacheDir();

    /** Seed of the random test model: the same seed gives the same file. */
    @WithDefault("20240611")
    long randomSeed();

    /** Context (prompt + answer) in tokens available to each request. */
    @WithDefault("4096")
    int contextSize();

    /** Requests llama.cpp decodes together (continuous batching slots). */
    @WithDefault("2")
    int parallel();

    /** CPU threads for decoding; on a 2-core machine 1 is often faster for tiny models. */
    @WithDefault("1")
    int threads();

    /** max_tokens used when a request does not say. */
    @WithDefault("128")
    int defaultMaxTokens();

    /** Hard cap on max_tokens; larger requests are rejected with the limit in the message. */
    @WithDefault("2048")
    int maxTokensCap();
}
