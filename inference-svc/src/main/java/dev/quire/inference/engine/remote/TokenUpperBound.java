package dev.quire.inference.engine.remote;

import java.nio.charset.StandardCharsets;

/**
 * Remote servers do not tokenize for us, so prompt sizes are bounded instead of counted: every
 * byte-level BPE, SentencePiece or WordPiece token covers at least one UTF-8 byte, so the byte
 * count plus a BOS token never under-counts. Admission checks stay safe; they may be strict.
 */
final class TokenUpperBound {

    private TokenUpperBound() {
    }

    static int of(String prompt) {
        return prompt.getBytes(StandardCharsets.UTF_8).length + 1;
    }
}
