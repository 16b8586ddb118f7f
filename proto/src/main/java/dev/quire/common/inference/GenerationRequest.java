package dev.quire.common.inference;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a domain service asks of the {@code llm} model.
 *
 * @param prompt      the fully rendered prompt
 * @param maxTokens   upper bound of generated tokens
 * @param temperature 0 means greedy decoding
 * @param seed        sampling seed, empty for the engine's default
 * @param stop        strings that end generation
 * @param grammar     GBNF grammar constraining the output, empty for free text
 * @param deadline    the moment after which nobody waits for the answer
 */
public record GenerationRequest(String prompt, int maxTokens, double temperature, Optional<Long> seed,
        List<String> stop, Optional<String> grammar, Instant deadline) {

    public static GenerationRequest greedy(String prompt, int maxTokens, Instant deadline) {
        return new GenerationRequest(prompt, maxTokens, 0.0, Optional.empty(), List.of(), Optional.empty(), deadline);
    }

    public GenerationRequest withStop(List<String> newStop) {
        return new GenerationRequest(prompt, maxTokens, temperature, seed, List.copyOf(newStop), grammar, deadline);
    }

    public GenerationRequest withGrammar(String gbnf) {
        return new GenerationRequest(prompt, maxTokens, temperature, seed, stop, Optional.of(gbnf), deadline);
    }
}
