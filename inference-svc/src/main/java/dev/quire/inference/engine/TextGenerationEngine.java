package dev.quire.inference.engine;

/**
 * One loaded text-generation model. Calls block the calling thread until generation ends, so
 * callers run them on worker threads; implementations are thread-safe.
 */
public interface TextGenerationEngine extends AutoCloseable {

    /**
     * Generates a continuation of {@code prompt}, handing each piece to {@code sink} as it comes.
     *
     * @throws dev.quire.common.inference.PromptTooLongException when the prompt does not leave room for one generated token
     */
    GenerationResult generate(String prompt, GenerationOptions options, TokenSink sink);

    /**
     * Like {@link #generate}, on a given slot of an engine that keeps a prompt cache per slot, so a
     * prompt sharing a prefix with that slot's cache skips re-reading it. Engines without slots ignore it.
     */
    default GenerationResult generateOnSlot(String prompt, GenerationOptions options, TokenSink sink, int slot) {
        return generate(prompt, options, sink);
    }

    /**
     * Like {@link #generateOnSlot(String, GenerationOptions, TokenSink, int)} for a prompt the caller
     * has counted already with {@link #countTokens} (to refuse an over-long one before queueing it),
     * so that it is not tokenized twice. Engines that do not count tokens themselves ignore it.
     *
     * @param promptTokens what {@link #countTokens} returned for {@code prompt} on this engine
     */
    default GenerationResult generateOnSlot(String prompt, int promptTokens, GenerationOptions options, TokenSink sink, int slot) {
        return generateOnSlot(prompt, options, sink, slot);
    }

    /** Whether {@link #generateOnSlot} keeps a prompt cache per slot (what prefix routing and its statistics are about). */
    default boolean cachesPromptsPerSlot() {
        return false;
    }

    /** Tokens the prompt occupies in the context (including the BOS token the engine adds). */
    int countTokens(String prompt);

    /** Context available to one request (prompt + answer), in tokens. */
    int contextSize();

    /** Converts a JSON schema into a GBNF grammar the engine accepts. */
    String jsonSchemaToGrammar(String jsonSchema);

    @Override
    void close();
}
