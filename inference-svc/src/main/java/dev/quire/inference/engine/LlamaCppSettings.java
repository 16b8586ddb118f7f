package dev.quire.inference.engine;

/**
 * How llama.cpp runs one model.
 *
 * @param contextSize context per request (slot), in tokens
 * @param parallel    slots decoded together
 * @param threads     CPU threads
 */
public record LlamaCppSettings(int contextSize, int parallel, int threads) {

    public LlamaCppSettings {
        if (contextSize < 16 || parallel < 1 || threads < 1) {
            throw new IllegalArgumentException("contextSize must be >= 16, parallel and threads >= 1; got " + contextSize + ", " + parallel + ", " + threads);
        }
    }
}
