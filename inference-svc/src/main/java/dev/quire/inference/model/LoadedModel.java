package dev.quire.inference.model;

import java.util.Optional;

import dev.quire.inference.engine.TextGenerationEngine;

/**
 * A model ready to answer.
 *
 * @param name    the name clients use
 * @param engine  the engine holding it
 * @param warning a notice every answer carries (random test model), if any
 */
public record LoadedModel(String name, TextGenerationEngine engine, Optional<String> warning) {
}
