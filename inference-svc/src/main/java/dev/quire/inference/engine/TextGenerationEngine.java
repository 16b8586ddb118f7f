package dev.quire.inference.engine;

/**
 * One loaded text-generation model. Calls block the calling thread until generation ends, so
 * callers run them on worker threads; implementations are thread-safe.
 */
public interface TextGenerationEngine extends AutoCloseable {

    /**
     * Generates a continuation of {@code prompt}, handing each piece to {@code sink} as it comes.
     *
     * @throws PromptTooLongException when the prompt does not leave room for one generated token
     */
    GenerationResult generate(String prompt, GenerationOptions options, TokenSink sink);

    /** Tokens the prompt occupies in the context (including the BOS token the engine adds). */
    int countTokens(String prompt);

    /** Context available to one request (prompt + answer), in tokens. */
    int contextSize();

    /** Converts a JSON schema into a GBNF grammar the engine accepts. */
    String jsonSchemaToGrammar(String jsonSchema);

    @Override
    void close();
}
