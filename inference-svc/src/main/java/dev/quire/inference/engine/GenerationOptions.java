package dev.quire.inference.engine;

import java.time.Instant;
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
 * @param deadline    when the caller stops waiting; remote engines bound their calls by it (empty: the engine's default
 *                    timeout). The embedded engine stops through cancellation instead.
 * @param ignoreEos   keep generating past the end-of-sequence token until {@code maxTokens} (or a stop string):
 *                    benchmarks use it so every answer has the same length
 */
public record GenerationOptions(int maxTokens, double temperature, Optional<Long> seed, List<String> stop, Optional<String> grammar,
                                Optional<Instant> deadline, boolean ignoreEos) {

    public GenerationOptions {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1, got " + maxTokens);
        }
        stop = List.copyOf(stop);
    }

    /** Options without a deadline of their own that stop at the end-of-sequence token. */
    public GenerationOptions(int maxTokens, double temperature, Optional<Long> seed, List<String> stop, Optional<String> grammar) {
        this(maxTokens, temperature, seed, stop, grammar, Optional.empty(), false);
    }

    public static GenerationOptions greedy(int maxTokens) {
        return new GenerationOptions(maxTokens, 0.0, Optional.empty(), List.of(), Optional.empty());
    }

    public GenerationOptions withDeadline(Instant at) {
        return new GenerationOptions(maxTokens, temperature, seed, stop, grammar, Optional.of(at), ignoreEos);
    }

    public GenerationOptions withIgnoreEos(boolean ignore) {
        return new GenerationOptions(maxTokens, temperature, seed, stop, grammar, deadline, ignore);
    }
}
