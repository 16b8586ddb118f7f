package dev.quire.inference.engine;

/**
 * The outcome of one generation.
 *
 * @param text         the whole generated text
 * @param promptTokens tokens in the prompt, as the engine counted them
 * @param pieces       text pieces delivered to the sink
 * @param cancelled    true when the sink asked to stop before the end
 */
public record GenerationResult(String text, int promptTokens, int pieces, boolean cancelled) {
}
