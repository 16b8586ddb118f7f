package dev.quire.sqlchat.prompt;

/**
 * A tokenizer-free estimate of prompt size: about four characters per token for English and SQL
 * with BPE vocabularies. Used only to keep prompts inside the budget, never for billing.
 */
public final class TokenEstimate {

    private TokenEstimate() {
    }

    public static int of(String text) {
        return text == null ? 0 : (text.length() + 3) / 4;
    }
}
