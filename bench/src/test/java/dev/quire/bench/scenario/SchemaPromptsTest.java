package dev.quire.bench.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SchemaPromptsTest {

    /** Roughly four characters a token, as tokenizers go; enough to test the growth. */
    private static int tokens(String text) {
        return text.length() / 4;
    }

    @Test
    void prefixesGrowToTheTokenCountAndNoFurther() {
        for (int d = 0; d < SchemaPrompts.domains(); d++) {
            String prefix = SchemaPrompts.prefix(d, 1500, SchemaPromptsTest::tokens);
            assertTrue(tokens(prefix) >= 1500, "at least the asked tokens");
            String lastTable = prefix.substring(prefix.lastIndexOf("CREATE TABLE"));
            assertTrue(tokens(prefix) - tokens(lastTable) < 1500, "the last table was the one that reached the count");
            assertEquals(prefix, SchemaPrompts.prefix(d, 1500, SchemaPromptsTest::tokens), "deterministic");
            assertTrue(prefix.startsWith("You are a careful SQL assistant") && prefix.contains("REFERENCES"), prefix.substring(0, 200));
        }
        assertNotEquals(SchemaPrompts.prefix(0, 1500, SchemaPromptsTest::tokens), SchemaPrompts.prefix(1, 1500, SchemaPromptsTest::tokens));
    }

    @Test
    void questionsAreShortAndDistinct() {
        assertNotEquals(SchemaPrompts.question(0, 7), SchemaPrompts.question(0, 12));
        assertTrue(SchemaPrompts.question(2, 7).length() < 120);
        assertTrue(SchemaPrompts.question(1, -3).startsWith("Question -3: "));
    }
}
