package dev.quire.gitcommit.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TitleShortenerTest {

    @Test
    void keepsATitleThatFits() {
        assertEquals("Add login form", TitleShortener.shorten("Add login form", 14));
    }

    @Test
    void cutsAtTheLastWordBoundaryWithinTheLimit() {
        String title = "Add validation of the login form before submitting it";
        String shortened = TitleShortener.shorten(title, 30);
        assertEquals("Add validation of the login", shortened);
        assertTrue(shortened.length() <= 30);
    }

    @Test
    void keepsAWordThatEndsExactlyAtTheLimit() {
        assertEquals("Add validation", TitleShortener.shorten("Add validation of forms", 14));
    }

    @Test
    void dropsPunctuationLeftDanglingByTheCut() {
        assertEquals("Add parser", TitleShortener.shorten("Add parser, lexer and printer", 15));
        assertEquals("feat(api)", TitleShortener.shorten("feat(api): add endpoint", 12));
    }

    @Test
    void cutsASingleOverlongWordHard() {
        assertEquals("Supercalif", TitleShortener.shorten("Supercalifragilistic", 10));
    }

    @Test
    void neverSplitsASurrogatePair() {
        String shortened = TitleShortener.shorten("ab\uD83D\uDE00cd", 3);
        assertEquals("ab", shortened);
    }
}
