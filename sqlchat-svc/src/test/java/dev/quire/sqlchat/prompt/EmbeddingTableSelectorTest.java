package dev.quire.sqlchat.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import dev.quire.common.prompt.PromptTemplates;
import dev.quire.sqlchat.messaging.FakeInferenceService;
import dev.quire.sqlchat.schema.ColumnSchema;
import dev.quire.sqlchat.schema.DatabaseSchema;
import dev.quire.sqlchat.schema.ForeignKey;
import dev.quire.sqlchat.schema.TableSchema;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Table selection by meaning, against the KServe fake over real gRPC whose embedder maps synonyms
 * to the same direction: "shoppers ... spent ... money" must lead to payments (and, through its
 * foreign key, customers), not to the table that merely shares the words "money" and "spent".
 */
@QuarkusTest
class EmbeddingTableSelectorTest {

    static final String QUESTION = "Which shoppers spent the most money?";

    @Inject
    TableSelector selector;

    @Inject
    LexicalTableSelector lexical;

    @Inject
    PromptTemplates templates;

    final DatabaseSchema schema = new DatabaseSchema("shop", "H2", "2", Optional.empty(), "\"", List.of(
            table("customers", "people who buy from the shop", List.of(), "customer_id", "full_name", "email"),
            table("money_laundering_alerts", "suspicious transfers", List.of(), "alert_id", "raised_at", "spent_flag"),
            table("payments", null, List.of(new ForeignKey(List.of("customer_id"), "customers", List.of("customer_id"))),
                    "payment_id", "customer_id", "amount", "paid_at"),
            table("weather_stations", "where the temperature is measured", List.of(), "station_id", "latitude", "longitude")));

    /** Room for exactly payments and customers. */
    final int budget = cost("payments") + cost("customers") + 1;

    @BeforeEach
    @AfterEach
    void embedderUp() {
        FakeInferenceService.EMBEDDER_DOWN.set(false);
        FakeInferenceService.EMBEDDED.clear();
    }

    @Test
    void theTablesThatMeanWhatTheQuestionAsksAreChosenOverTheOnesThatShareItsWords() {
        assertInstanceOf(EmbeddingTableSelector.class, selector, "embedding selection is the default");
        // Word matching is fooled by the shared words: the alerts table ranks first.
        assertTrue(names(lexical.select(schema, QUESTION, budget)).contains("money_laundering_alerts"));

        TableSelector.Selection selection = selector.choose(schema, QUESTION, budget);
        assertEquals(List.of("customers", "payments"), names(selection.tables()),
                "payments by meaning, customers as its foreign-key neighbour");
        assertEquals(List.of(), selection.warnings());
    }

    @Test
    void tableVectorsAreEmbeddedOncePerSchemaThenOnlyTheQuestion() {
        DatabaseSchema fresh = new DatabaseSchema("shop3", "H2", "2", Optional.empty(), "\"", schema.tables());
        selector.choose(fresh, QUESTION, budget);
        selector.choose(fresh, "How much did buyers pay?", budget);
        assertEquals(3, FakeInferenceService.EMBEDDED.size(), "tables once, then one question each");
        assertEquals(4, FakeInferenceService.EMBEDDED.get(0).size());
        assertEquals("payments. Columns: payment id, customer id, amount, paid at", FakeInferenceService.EMBEDDED.get(0).get(2));
        assertEquals(List.of("How much did buyers pay?"), FakeInferenceService.EMBEDDED.get(2));
    }

    @Test
    void withoutTheEmbedderWordMatchingChoosesAndTheReplySaysSo() {
        FakeInferenceService.EMBEDDER_DOWN.set(true);
        DatabaseSchema fresh = new DatabaseSchema("shop2", "H2", "2", Optional.empty(), "\"", schema.tables());
        TableSelector.Selection selection = selector.choose(fresh, QUESTION, budget);
        assertEquals(lexical.select(fresh, QUESTION, budget), selection.tables());
        assertEquals(1, selection.warnings().size());
        assertTrue(selection.warnings().get(0).startsWith(EmbeddingTableSelector.FALLBACK_WARNING + "inference-svc is unavailable"),
                selection.warnings().get(0));

        // The warning reaches the prompt result the assistant copies into the reply.
        SqlPrompt small = new SqlPrompt(templates, selector, SqlPrompt.FIXED_PART_TOKENS + TokenEstimate.of(QUESTION) + budget);
        SqlPrompt.Rendered rendered = small.build(fresh, SqlPrompt.Input.of(QUESTION));
        assertTrue(rendered.tablesShown().size() < fresh.tables().size(), "the schema did not fit, so the selector chose");
        assertEquals(selection.warnings(), rendered.warnings());
    }

    @Test
    void similarityIsTheCosineOfTheVectors() {
        assertEquals(1.0, EmbeddingTableSelector.cosine(new float[] {3, 4}, new float[] {0.6f, 0.8f}), 1e-6);
        assertEquals(0.0, EmbeddingTableSelector.cosine(new float[] {1, 0}, new float[] {0, 2}), 1e-9);
        assertFalse(EmbeddingTableSelector.cosine(new float[] {1, 1}, new float[] {-1, -1}) > 0);
    }

    private int cost(String table) {
        return TokenEstimate.of(SchemaDdl.table(schema.table(table).orElseThrow(), "\"")) + 1;
    }

    private static List<String> names(List<TableSchema> tables) {
        return tables.stream().map(TableSchema::name).toList();
    }

    private static TableSchema table(String name, String comment, List<ForeignKey> keys, String... columns) {
        return new TableSchema(name, false, java.util.Arrays.stream(columns)
                .map(c -> new ColumnSchema(c, c.endsWith("_id") ? "INTEGER" : "VARCHAR(100)", false, Optional.empty())).toList(),
                List.of(columns[0]), keys, Optional.ofNullable(comment));
    }
}
