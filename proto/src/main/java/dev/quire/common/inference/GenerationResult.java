package dev.quire.common.inference;

import java.util.List;

/**
 * What the {@code llm} model answered.
 *
 * @param text     the generated text (prompt not included)
 * @param warnings notices the user must see, e.g. that a random test model produced the text
 */
public record GenerationResult(String text, List<String> warnings) {
}
