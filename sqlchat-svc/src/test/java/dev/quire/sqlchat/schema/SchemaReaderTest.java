package dev.quire.sqlchat.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import dev.quire.sqlchat.SampleDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SchemaReaderTest {

    static DatabaseSchema schema;

    @BeforeAll
    static void readSample() throws Exception {
        schema = new SampleDatabase().schema();
    }

    @Test
    void findsTheShopTablesAndTheDialect() {
        assertEquals(List.of("categories", "customers", "order_items", "orders", "products"),
                schema.tables().stream().map(TableSchema::name).toList());
        assertEquals("H2", schema.productName());
        assertEquals(Optional.of("public"), schema.schemaName());
        assertEquals("\"", schema.identifierQuote());
    }

    @Test
    void readsColumnsInOrderWithTypesAndNullability() {
        TableSchema products = schema.table("products").orElseThrow();
        assertEquals(List.of("product_id", "name", "category_id", "price", "stock", "discontinued"),
                products.columns().stream().map(ColumnSchema::name).toList());
        ColumnSchema price = products.column("price").orElseThrow();
        assertTrue(price.type().matches("(DECIMAL|NUMERIC)\\(10,2\\)"), price.type());
        assertFalse(price.nullable());
        assertTrue(products.column("name").orElseThrow().type().endsWith("(100)"));
        assertTrue(schema.table("orders").orElseThrow().column("shipping_city").orElseThrow().nullable());
    }

    @Test
    void readsPrimaryKeysIncludingCompositeOnes() {
        assertEquals(List.of("customer_id"), schema.table("customers").orElseThrow().primaryKey());
        assertEquals(List.of("order_id", "product_id"), schema.table("order_items").orElseThrow().primaryKey());
    }

    @Test
    void readsForeignKeysWithReferencedTableAndColumn() {
        assertEquals(List.of(
                        new ForeignKey(List.of("order_id"), "orders", List.of("order_id")),
                        new ForeignKey(List.of("product_id"), "products", List.of("product_id"))),
                schema.table("order_items").orElseThrow().foreignKeys());
        assertEquals(List.of(new ForeignKey(List.of("parent_id"), "categories", List.of("category_id"))),
                schema.table("categories").orElseThrow().foreignKeys());
        assertEquals(List.of(new ForeignKey(List.of("customer_id"), "customers", List.of("customer_id"))),
                schema.table("orders").orElseThrow().foreignKeys());
    }

    @Test
    void readsTableAndColumnComments() {
        assertEquals(Optional.of("People who have an account in the shop"), schema.table("customers").orElseThrow().comment());
        assertEquals(Optional.of("Current list price in EUR, VAT included"),
                schema.table("products").orElseThrow().column("price").orElseThrow().comment());
        assertEquals(Optional.empty(), schema.table("products").orElseThrow().column("name").orElseThrow().comment());
    }
}
