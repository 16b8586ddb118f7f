package dev.quire.common;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** What a client reads about its broken JSON: a reason and a place, no developer notes. */
class JsonErrorsTest {

    private static String describe(String body) {
        return JsonErrors.describe(assertThrows(JsonProcessingException.class, () -> new ObjectMapper().readTree(body)));
    }

    @Test
    void reasonsThatEmbedASourceNoteLoseItButKeepThePlace() {
        for (String body : new String[] {"{\"text_input\":\"hi\"", "[1}", "{\"text_input\":\"hi\","}) {
            String said = describe(body);
            assertFalse(said.contains("Source") || said.contains("REDACTED"), body + " -> " + said);
            assertTrue(said.contains("(at line 1, column "), body + " -> " + said);
        }
        assertTrue(describe("{\"a\":1").contains("start marker at line 1, column 1"), describe("{\"a\":1"));
    }
}
