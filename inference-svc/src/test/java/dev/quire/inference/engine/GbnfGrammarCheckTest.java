package dev.quire.inference.engine;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GbnfGrammarCheckTest {

    @Test
    void acceptsTheGrammarsLlamaCppAccepts() {
        assertDoesNotThrow(() -> GbnfGrammarCheck.check("root ::= (\"yes\" | \"no\")"));
        assertDoesNotThrow(() -> GbnfGrammarCheck.check("""
                # a comment
                root   ::= object
                object ::= "{" ws ( string ":" ws value ("," ws string ":" ws value)* )? "}"
                value  ::= object | string | [0-9]+ | "true" | "false" | "null"
                string ::= "\\"" ( [^"\\\\\\x7F\\x00-\\x1F] | "\\\\" (["\\\\/bfnrt] | "u" [0-9a-fA-F]{4}) )* "\\"" ws
                ws     ::= | " " | "\\n" [ \\t]{0,20}
                """));
        assertDoesNotThrow(() -> GbnfGrammarCheck.check("root ::= (\n  \"a\"\n  | \"b\"\n)\n"));
        assertDoesNotThrow(() -> GbnfGrammarCheck.check("root ::= [a-z]{1,3} .? \"\\u00e9\""));
    }

    @Test
    void rejectsWhatLlamaCppWouldSilentlyIgnore() {
        assertMessage("root ::= ((", "expected ')'");
        assertMessage("foo ::= \"a\"", "no 'root' rule");
        assertMessage("root ::= \"a\" bar", "'bar' but never defines it");
        assertMessage("root ::= \"a", "unterminated string literal");
        assertMessage("root ::= [a-", "unterminated character class");
        assertMessage("root ::= \"\\q\"", "unknown escape");
        assertMessage("root := \"a\"", "expected '::='");
        assertMessage("root ::= * \"a\"", "no preceding item");
        assertMessage("root ::= \"a\"{x}", "expected a number");
    }

    private static void assertMessage(String grammar, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GbnfGrammarCheck.check(grammar));
        assertTrue(e.getMessage().contains(expected), "for [" + grammar + "] expected '" + expected + "' in: " + e.getMessage());
    }
}
