package dev.quire.inference.model;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The GGUF file to load and, for the random test model, the warning every answer must carry.
 *
 * @param file    the GGUF file
 * @param warning present when answers will not come from a real model
 */
public record ModelSource(Path file, Optional<String> warning) {
}
