package dev.quire.sqlchat.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SqlExtractorTest {

    @Test
    void takesTheFencedBlockAndStopsAtTheSemicolon() {
        assertEquals("SELECT name FROM products", SqlExtractor.extract("Sure! Here it is:\n```sql\nSELECT name FROM products;\n```\nHope it helps."));
    }

    @Test
    void dropsLeadingProseWithoutFence() {
        assertEquals("SELECT * FROM orders WHERE status = 'paid'",
                SqlExtractor.extract("The query is: SELECT * FROM orders WHERE status = 'paid'; DROP TABLE orders;"));
    }

    @Test
    void aSemicolonInsideAStringDoesNotEndTheQuery() {
        assertEquals("SELECT * FROM products WHERE name = 'a;b'", SqlExtractor.extract("SELECT * FROM products WHERE name = 'a;b';"));
    }

    @Test
    void unclosedFenceAndWithQueries() {
        assertEquals("WITH x AS (SELECT 1 AS n) SELECT n FROM x", SqlExtractor.extract("```\nWITH x AS (SELECT 1 AS n) SELECT n FROM x"));
        // No query in the text: it is passed on as is, so the validator's error shows what the model said.
        assertEquals("I cannot answer that.", SqlExtractor.extract("I cannot answer that."));
    }
}
