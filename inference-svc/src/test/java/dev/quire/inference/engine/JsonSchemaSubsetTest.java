package dev.quire.inference.engine;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.kherud.llama.LlamaModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The subset check must refuse what would abort the JVM inside llama.cpp's converter, and the
 * schemas it lets through must really convert (this test calls the native converter on them).
 */
class JsonSchemaSubsetTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void ownNativeDir() {
        LlamaNativeLibrary.useOwnTmpDir();
    }

    @Test
    void acceptedSchemasConvertToGrammars() throws Exception {
        String[] schemas = {
            "{}",
            "{\"type\":\"object\",\"properties\":{\"ok\":{\"type\":\"boolean\"}},\"required\":[\"ok\"]}",
            "{\"type\":\"object\",\"properties\":{\"sql\":{\"type\":\"string\",\"description\":\"the query\"},"
                    + "\"tables\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"maxItems\":5}},\"additionalProperties\":false}",
            "{\"type\":[\"string\",\"null\"]}",
            "{\"enum\":[\"feat\",\"fix\",\"docs\"]}",
            "{\"anyOf\":[{\"type\":\"integer\",\"minimum\":0,\"maximum\":10},{\"const\":\"none\"}]}",
            "{\"type\":\"string\",\"minLength\":1,\"maxLength\":72}",
        };
        for (String schema : schemas) {
            JsonSchemaSubset.check(JSON.readTree(schema));
            String grammar = LlamaModel.jsonSchemaToGrammar(schema);
            assertTrue(grammar.contains("root ::="), grammar);
            GbnfGrammarCheck.check(grammar);
        }
    }

    @Test
    void refusesWhatWouldAbortTheConverter() throws Exception {
        assertRefused("{\"type\":\"foo\"}", "'type' must be one of");
        assertRefused("{\"description\":\"only words\"}", "needs a 'type'");
        assertRefused("{\"type\":\"object\",\"properties\":{\"a\":true}}", "must be a JSON object");
        assertRefused("{\"$ref\":\"#/definitions/x\"}", "keyword '$ref' is not supported");
        assertRefused("{\"type\":\"string\",\"format\":42}", "keyword 'format' is not supported");
        assertRefused("{\"type\":\"string\",\"minLength\":\"3\"}", "'minLength' must be a non-negative integer");
        assertRefused("{\"type\":\"integer\",\"minimum\":\"0\"}", "'minimum' must be a number");
        assertRefused("{\"type\":\"array\",\"items\":[{\"type\":\"string\"}]}", "at $.items");
        assertRefused("{\"anyOf\":[]}", "non-empty array");
    }

    private static void assertRefused(String schema, String expected) throws Exception {
        JsonNode node = JSON.readTree(schema);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonSchemaSubset.check(node));
        assertTrue(e.getMessage().contains(expected), "for " + schema + " expected '" + expected + "' in: " + e.getMessage());
    }
}
