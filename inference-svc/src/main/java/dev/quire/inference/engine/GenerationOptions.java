package dev.quire.inference.engine;

import java.util.List;
import java.util.Optional;

/**
 * What to generate, already validated.
 *
 * @param maxTokens   most tokens to generate (at least 1)
 * @param temperature 0 means greedy decoding
 * @param seed        sampling seed; empty lets the engine pick
 * @param stop        strings that end the answer (not included in it)
 * @param grammar     GBNF grammar constraining the answer
 */
public record GenerationOptions(int maxTokens, double temperature, Optional<Long> seed, List<String> stop, Optional<String> grammar) {

    public GenerationOptions {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1, got " + maxTokens);
        }
        stop = List.copyOf(stop);
    }

    public static GenerationOptions greedy(int maxTokens) {
        return new GenerationOptions(maxTokens, 0.0, Optional.empty(), List.of(), Optional.empty());
    }
}
