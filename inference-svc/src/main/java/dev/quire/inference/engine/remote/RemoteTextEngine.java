package dev.quire.inference.engine.remote;

import java.nio.charset.StandardCharsets;

import dev.quire.common.QuireException;
import dev.quire.inference.engine.TextGenerationEngine;

/**
 * What every engine that generates on a remote server has in common: the server neither tokenizes
 * for us nor converts JSON schemas, so prompt sizes are bounded instead of counted (every
 * byte-level BPE, SentencePiece or WordPiece token covers at least one UTF-8 byte, so the byte count
 * plus a BOS token never under-counts: admission stays safe, if strict) and schemas are refused.
 */
abstract class RemoteTextEngine implements TextGenerationEngine {

    private final String description;
    private final int contextSize;

    /** @param description how errors name this engine, e.g. "the remote Triton engine" */
    RemoteTextEngine(String description, int contextSize) {
        this.description = description;
        this.contextSize = contextSize;
    }

    @Override
    public final int countTokens(String prompt) {
        return prompt.getBytes(StandardCharsets.UTF_8).length + 1;
    }

    @Override
    public final int contextSize() {
        return contextSize;
    }

    /** Converting a schema to a grammar needs llama.cpp, which is not where the model runs. */
    @Override
    public final String jsonSchemaToGrammar(String jsonSchema) {
        throw new QuireException.InvalidRequest(description + " cannot turn 'json_schema' into a grammar; send a GBNF 'grammar' instead");
    }
}
