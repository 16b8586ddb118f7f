package dev.quire.sqlchat.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import dev.quire.sqlchat.SampleDatabase;
import dev.quire.sqlchat.schema.DatabaseSchema;
import dev.quire.sqlchat.schema.TableSchema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LexicalTableSelectorTest {

    static DatabaseSchema schema;
    final LexicalTableSelector selector = new LexicalTableSelector();

    @BeforeAll
    static void readSchema() throws Exception {
        schema = new SampleDatabase().schema();
    }

    private List<String> chosen(String question, int budget) {
        return selector.select(schema, question, budget).stream().map(TableSchema::name).toList();
    }

    @Test
    void wordsAreStemmedAndSplitWithoutStopWords() {
        assertEquals(Set.of("order", "item", "category"), LexicalTableSelector.words("the order_items of Categories"));
        assertEquals(Set.of("unit", "price"), LexicalTableSelector.words("unitPrice"));
    }

    @Test
    void theBestMatchingTableComesFirstEvenWhenItAloneIsOverBudget() {
        assertEquals(List.of("orders"), chosen("Which orders were cancelled?", 1));
    }

    @Test
    void foreignKeyNeighboursFollowTheMatchedTable() {
        // "sold units" matches order_items (quantity? no: unit_price); its neighbours orders and products come along.
        List<String> tables = chosen("How many units of each product were sold?", 400);
        assertTrue(tables.containsAll(List.of("order_items", "products")), tables.toString());
    }

    @Test
    void aBigBudgetTakesEverything() {
        assertEquals(schema.tables().size(), chosen("anything", 100_000).size());
    }
}
