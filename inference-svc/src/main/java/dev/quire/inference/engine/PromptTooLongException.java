package dev.quire.inference.engine;

import dev.quire.common.QuireException;

/** The prompt alone fills the context, so nothing could be generated. */
public class PromptTooLongException extends QuireException.InvalidRequest {

    public PromptTooLongException(int promptTokens, int contextSize) {
        super("the prompt has " + promptTokens + " tokens but the model's context holds " + contextSize
                + " tokens (prompt and answer together); shorten the prompt by at least " + (promptTokens - contextSize + 1) + " tokens");
    }
}
