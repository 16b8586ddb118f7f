package dev.quire.inference.model;

import java.util.Optional;

import dev.quire.inference.engine.TextGenerationEngine;

/**
 * An engine instance holding one model.
 *
 * @param engine    the engine, generating or embedding
 * @param slots     batches it runs at once (llama.cpp parallel slots); the scheduler admits at most this many
 * @param platform  what ModelMetadata reports as the platform (e.g. llama.cpp)
 * @param warning   a notice every answer carries (random test model), if any
 */
public record LoadedEngine(ModelEngine engine, int slots, String platform, Optional<String> warning) {

    /** A text-generation engine. */
    public LoadedEngine(TextGenerationEngine engine, int slots, String platform, Optional<String> warning) {
        this(new ModelEngine.Generator(engine), slots, platform, warning);
    }
}
