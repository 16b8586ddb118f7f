package dev.quire.gitcommit.prompt;

import dev.quire.common.inference.PromptTooLongException;

/**
 * How many characters of diff text a prompt may carry after the model refused it as longer than
 * its context. Character budgets are set for typical tokenizers (about 4 characters a token); a
 * model that splits text finer (the random test model reads single bytes) says so with its refusal,
 * and the counts in it give the characters-per-token ratio to cut by.
 */
public final class ContextFit {

    /** Times a prompt is rebuilt smaller after a refusal before the refusal is passed on. */
    public static final int MAX_RETRIES = 3;
    /** Extra cut on top of the estimate: tokens per character vary across a prompt. */
    static final double MARGIN = 1.2;

    private ContextFit() {
    }

    /**
     * @param variableChars characters of the prompt that may be cut (the diff text it carried)
     * @param promptChars   characters of the whole refused prompt
     * @param refused       the refusal, with the prompt's and the context's token counts
     * @param answerTokens  tokens to leave free for the answer
     * @return the smaller budget for the variable part; 0 when even none of it fits
     */
    public static int shrink(int variableChars, int promptChars, PromptTooLongException refused, int answerTokens) {
        int target = Math.max(1, refused.contextTokens() - answerTokens);
        double charsPerToken = (double) promptChars / Math.max(1, refused.promptTokens());
        long overflowChars = (long) Math.ceil((refused.promptTokens() - target) * charsPerToken * MARGIN);
        return (int) Math.max(0, Math.min(variableChars - 1L, variableChars - overflowChars));
    }
}
