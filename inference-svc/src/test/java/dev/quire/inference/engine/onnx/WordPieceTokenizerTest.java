package dev.quire.inference.engine.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class WordPieceTokenizerTest {

    private static final WordPieceTokenizer TOKENIZER = MiniLmModelFiles.tokenizer();

    @Test
    void matchesTheHuggingFaceTokenizerOnAPlainSentence() {
        // Ids produced by the Rust tokenizers library (through DJL) for the same tokenizer.json.
        long[] expected = {101, 7592, 2088, 1010, 2129, 2024, 2017, 1029, 102};
        assertArrayEquals(expected, TOKENIZER.encode("Hello world, how are you?", 256).ids());
    }

    @Test
    void normalisesCaseAccentsWhitespaceAndControlCharacters() {
        long[] plain = TOKENIZER.encode("hello world", 256).ids();
        assertArrayEquals(plain, TOKENIZER.encode("  HÉLLO\t\u0000wörld\u200b ", 256).ids());
    }

    @Test
    void splitsPunctuationAndChineseCharacters() {
        assertEquals(List.of("select", "*", "from", "t", ";"), WordPieceTokenizer.preTokenize(WordPieceTokenizer.normalize("SELECT * FROM t;")));
        assertEquals(List.of("数", "据"), WordPieceTokenizer.preTokenize(WordPieceTokenizer.normalize("数据")));
    }

    @Test
    void unknownWordsBecomeOneUnkToken() {
        long[] ids = TOKENIZER.encode("\uD83E\uDD84", 256).ids();
        assertArrayEquals(new long[] {101, 100, 102}, ids);
    }

    @Test
    void truncationKeepsSpecialTokensAndReportsTheFullLength() {
        WordPieceTokenizer.TokenizedText t = TOKENIZER.encode("one two three four five", 4);
        assertTrue(t.truncated());
        assertEquals(4, t.ids().length);
        assertEquals(101, t.ids()[0]);
        assertEquals(102, t.ids()[3]);
        assertEquals(7, t.untruncatedLength());
        assertFalse(TOKENIZER.encode("one", 4).truncated());
    }

    @Test
    void aNonWordPieceTokenizerIsRefused() {
        byte[] json = "{\"model\":{\"type\":\"BPE\",\"vocab\":{}}}".getBytes(StandardCharsets.UTF_8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WordPieceTokenizer.fromTokenizerJson(new ByteArrayInputStream(json)));
        assertTrue(e.getMessage().contains("'BPE'"), e.getMessage());
    }
}
