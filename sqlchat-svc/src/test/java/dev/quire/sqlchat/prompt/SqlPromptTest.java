package dev.quire.sqlchat.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import dev.quire.sqlchat.conversation.ConversationMemory;

import dev.quire.sqlchat.schema.DatabaseSchema;
import dev.quire.sqlchat.schema.SchemaCatalog;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SqlPromptTest {

    @Inject
    SqlPrompt prompt;

    @Inject
    SchemaCatalog schemas;

    @Test
    void containsDialectDdlWithKeysAndTheQuestion() {
        DatabaseSchema schema = schemas.schema("sample");
        String text = prompt.render(schema, "Which customers from Berlin ordered a grinder & a dripper?", Optional.empty());
        assertTrue(text.contains("You are an expert H2 SQL analyst"), text);
        assertTrue(text.contains("CREATE TABLE order_items (\n  order_id INTEGER NOT NULL,"), text);
        assertTrue(text.contains("  PRIMARY KEY (order_id, product_id),\n"), text);
        assertTrue(text.contains("  FOREIGN KEY (customer_id) REFERENCES customers (customer_id)\n);"), text);
        assertTrue(text.contains("  FOREIGN KEY (parent_id) REFERENCES categories (category_id)"), text);
        assertTrue(text.contains("-- People who have an account in the shop\nCREATE TABLE customers ("), text);
        assertTrue(text.contains("  price NUMERIC(10,2) NOT NULL, -- Current list price in EUR, VAT included") 
                || text.contains("  price DECIMAL(10,2) NOT NULL, -- Current list price in EUR, VAT included"), text);
        assertTrue(text.contains("Question: Which customers from Berlin ordered a grinder & a dripper?\n"), "no HTML escaping: " + text);
        assertFalse(text.contains("previous query"), text);
    }

    @Test
    void aFailedAttemptIsShownForCorrection() {
        String text = prompt.render(schemas.schema("sample"), "How many orders?",
                Optional.of(new SqlPrompt.FailedAttempt("SELECT COUNT(*) FROM invoices", "unknown table 'invoices'")));
        assertTrue(text.contains("Previous query:\nSELECT COUNT(*) FROM invoices\nProblem: unknown table 'invoices'\n"), text);
    }

    @Inject
    dev.quire.common.prompt.PromptTemplates templates;

    @Test
    void dialectNotesFollowTheDatabaseProduct() {
        String text = prompt.render(schemas.schema("sample"), "How many orders?", Optional.empty());
        assertTrue(text.contains("- H2: LIMIT n or FETCH FIRST n ROWS ONLY"), text);
        assertEquals("postgresql", SqlPrompt.dialectKey("PostgreSQL"));
        assertEquals("mysql", SqlPrompt.dialectKey("MariaDB"));
        assertEquals("sqlite", SqlPrompt.dialectKey("SQLite"));
        assertEquals("duckdb", SqlPrompt.dialectKey("DuckDB"));
        assertEquals("generic", SqlPrompt.dialectKey("Apache Derby"));
    }

    @Test
    void aSchemaOverTheBudgetShowsTheRelevantTablesAndNamesTheOthers() {
        SqlPrompt small = new SqlPrompt(templates, new LexicalTableSelector(), 550);
        SqlPrompt.Rendered rendered = small.build(schemas.schema("sample"), SqlPrompt.Input.of("Which orders were cancelled?"));
        List<String> shown = rendered.tablesShown().stream().map(dev.quire.sqlchat.schema.TableSchema::name).toList();
        assertTrue(shown.contains("orders"), shown.toString());
        assertTrue(shown.size() < 5, shown.toString());
        assertTrue(rendered.text().contains("CREATE TABLE orders ("), rendered.text());
        assertTrue(rendered.text().contains("(Other tables exist but look unrelated to the question: "), rendered.text());
        assertFalse(rendered.text().contains("CREATE TABLE " + schemas.schema("sample").tables().stream()
                .map(dev.quire.sqlchat.schema.TableSchema::name).filter(n -> !shown.contains(n)).findFirst().orElseThrow() + " ("));
    }

    @Test
    void historyKeepsTheNewestTurnsThatFit() {
        List<ConversationMemory.Turn> turns = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            turns.add(new ConversationMemory.Turn("question number " + i + " " + "padding ".repeat(20), "SELECT " + i + " FROM orders"));
        }
        SqlPrompt.Rendered rendered = prompt.build(schemas.schema("sample"),
                new SqlPrompt.Input("and now?", List.of(), turns, Optional.empty()));
        assertTrue(rendered.text().contains("SQL: SELECT 39 FROM orders"), "the newest turn is kept");
        assertFalse(rendered.text().contains("SQL: SELECT 0 FROM orders"), "the oldest turns are dropped to fit the budget");
        assertTrue(rendered.text().indexOf("SELECT 38 FROM") < rendered.text().indexOf("SELECT 39 FROM"), "oldest first");
    }
}
