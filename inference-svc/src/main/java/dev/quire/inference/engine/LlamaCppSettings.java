package dev.quire.inference.engine;

/**
 * How llama.cpp runs one model.
 *
 * @param contextSize    context per request (slot), in tokens
 * @param parallel       slots decoded together
 * @param threads        CPU threads
 * @param flashAttention llama.cpp's flash attention. The slots share one KV cache, and without it every
 *                       decoding step attends over every cell in use, other slots' cached prompts included:
 *                       a request then slows down as the other slots fill (bench's SharedKvCacheBenchmark,
 *                       the ~50M model at one client: 9.3 ms per token with the other 7 slots empty, 33.8 ms
 *                       with each holding 400 tokens; with it 8.2 and 9.8 ms). Its fused kernel skips the
 *                       cells the request may not see.
 */
public record LlamaCppSettings(int contextSize, int parallel, int threads, boolean flashAttention) {

    public LlamaCppSettings {
        if (contextSize < 16 || parallel < 1 || threads < 1) {
            throw new IllegalArgumentException("contextSize must be >= 16, parallel and threads >= 1; got " + contextSize + ", " + parallel + ", " + threads);
        }
    }

    /** Flash attention on (the bundled llama.cpp build leaves it off unless asked; newer releases default to "auto"). */
    public LlamaCppSettings(int contextSize, int parallel, int threads) {
        this(contextSize, parallel, threads, true);
    }
}
