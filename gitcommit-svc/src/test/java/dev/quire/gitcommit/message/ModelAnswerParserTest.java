package dev.quire.gitcommit.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class ModelAnswerParserTest {

    private static final String FALLBACK = "Update App.java";

    private static CommitMessage parse(String answer, int limit) {
        return ModelAnswerParser.parse(answer, limit, () -> FALLBACK);
    }

    @Test
    void firstLineIsTitleAndTheRestIsBody() {
        CommitMessage m = parse("Add greeting helper\n\nCentralise the greeting text.\nIt was duplicated in three places.\n", 50);
        assertEquals("Add greeting helper", m.title());
        assertEquals("Centralise the greeting text.\nIt was duplicated in three places.", m.body());
        assertEquals("Add greeting helper\n\nCentralise the greeting text.\nIt was duplicated in three places.", m.message());
        assertEquals(List.of(), m.warnings());
    }

    @Test
    void brokenUtf8AndControlCharactersAreDropped() {
        CommitMessage m = parse("Add gr\uFFFD\uFFFDeeting\u0007 helper\r\n\nBody\u0000 text\n", 50);
        assertEquals("Add greeting helper", m.title());
        assertEquals("Body text", m.body());
    }

    @Test
    void titleWithoutBodyIsTheWholeMessage() {
        CommitMessage m = parse("\n\n  Fix null check in parser  \n", 50);
        assertEquals("Fix null check in parser", m.title());
        assertEquals("", m.body());
        assertEquals("Fix null check in parser", m.message());
    }

    @Test
    void stripsMarkdownQuotesLabelsAndFences() {
        assertEquals("Add login form", parse("```\n\"Add login form\"\n```", 50).title());
        assertEquals("Add login form", parse("## Add login form", 50).title());
        assertEquals("Add login form", parse("- Add login form.", 50).title());
        assertEquals("Add login form", parse("**Title:** `Add login form`", 50).title());
        assertEquals("Add login form", parse("Commit message:\nAdd login form\n\nBody: Users can sign in.", 50).title());
        assertEquals("Users can sign in.", parse("Commit message:\nAdd login form\n\nBody: Users can sign in.", 50).body());
        assertEquals("feat: add login form", parse("feat: add login form", 50).title());
    }

    @Test
    void keepsQuotesThatBelongToTheTitle() {
        assertEquals("Fix parsing of 'foo'", parse("Fix parsing of 'foo'", 50).title());
        assertEquals("'null' handling in parser", parse("'null' handling in parser", 50).title());
    }

    @Test
    void enforcesTheTitleLimitAtAWordBoundaryAndSaysSo() {
        CommitMessage m = parse("Add a greeting helper so that every screen greets the user by name\n\nBody text.", 30);
        assertEquals("Add a greeting helper so that", m.title());
        assertTrue(m.title().length() <= 30);
        assertEquals("Body text.", m.body());
        assertEquals(1, m.warnings().size());
        assertTrue(m.warnings().get(0).contains("limit of 30"), m.warnings().get(0));
    }

    @Test
    void fallsBackToATitleFromTheDiffWhenTheAnswerIsUnusable() {
        for (String junk : new String[] {"", "   \n\n", "```\n```", "\"\"\n###\n- .", "Commit message:"}) {
            CommitMessage m = parse(junk, 50);
            assertEquals(FALLBACK, m.title(), "for answer " + junk);
            assertEquals("", m.body());
            assertEquals(1, m.warnings().size());
            assertTrue(m.warnings().get(0).contains("no usable title"), m.warnings().get(0));
        }
    }
}
