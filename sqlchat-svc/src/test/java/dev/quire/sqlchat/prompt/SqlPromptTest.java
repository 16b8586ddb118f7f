package dev.quire.sqlchat.prompt;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

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
}
