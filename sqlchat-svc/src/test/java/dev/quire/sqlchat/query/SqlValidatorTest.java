package dev.quire.sqlchat.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import dev.quire.sqlchat.SampleDatabase;
import dev.quire.sqlchat.schema.DatabaseSchema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SqlValidatorTest {

    static DatabaseSchema schema;
    final SqlValidator validator = new SqlValidator();

    @BeforeAll
    static void readSchema() throws Exception {
        schema = new SampleDatabase().schema();
    }

    private ValidationResult check(String sql) {
        return validator.validate(sql, schema);
    }

    @Test
    void acceptsSelectsOverTheSchema() {
        for (String sql : List.of(
                "SELECT name, price FROM products WHERE price > 50 ORDER BY price DESC LIMIT 5",
                "select c.first_name, count(o.order_id) AS order_count from customers c join orders o on o.customer_id = c.customer_id "
                        + "group by c.first_name order by order_count desc",
                "SELECT * FROM public.customers",
                "SELECT \"CITY\" FROM CUSTOMERS",
                "WITH big AS (SELECT order_id, SUM(quantity * unit_price) AS total FROM order_items GROUP BY order_id) "
                        + "SELECT order_id, total FROM big WHERE total > 100",
                "SELECT name FROM products WHERE category_id IN (SELECT category_id FROM categories WHERE parent_id IS NULL)")) {
            ValidationResult verdict = check(sql);
            assertTrue(verdict.valid(), sql + " -> " + verdict.errors());
            assertEquals(sql, verdict.query().orElseThrow().sql());
        }
    }

    @Test
    void unknownTableIsNamedWithTheKnownOnes() {
        ValidationResult verdict = check("SELECT * FROM invoices");
        assertFalse(verdict.valid());
        assertEquals("unknown table 'invoices'; known tables: categories, customers, order_items, orders, products", verdict.errorMessage());
        assertTrue(check("SELECT * FROM other_schema.customers").errorMessage().contains("unknown table 'other_schema.customers'"));
    }

    @Test
    void unknownColumnIsNamed() {
        ValidationResult verdict = check("SELECT name, colour FROM products WHERE price > 10");
        assertFalse(verdict.valid());
        assertEquals("unknown column 'colour' (not in tables products)", verdict.errorMessage());
        assertTrue(check("SELECT name FROM products WHERE weight > 10").errorMessage().contains("'weight'"));
    }

    @Test
    void rejectsWritesAndDdl() {
        assertEquals("only SELECT queries are allowed, got INSERT",
                check("INSERT INTO categories VALUES (99, 'Toys', NULL)").errorMessage());
        assertEquals("only SELECT queries are allowed, got DROP", check("DROP TABLE customers").errorMessage());
        assertEquals("only SELECT queries are allowed, got UPDATE", check("UPDATE products SET price = 0").errorMessage());
        assertEquals("only SELECT queries are allowed, got DELETE", check("DELETE FROM orders").errorMessage());
    }

    @Test
    void rejectsMultipleStatementsAndGarbage() {
        assertEquals("expected exactly one statement, found 2", check("SELECT * FROM customers; DROP TABLE customers").errorMessage());
        assertTrue(check("SELEKT name FROM products").errorMessage().startsWith("the SQL does not parse: "));
        assertEquals("no SQL query was produced", check("  ").errorMessage());
    }

    @Test
    void rejectsSelectsThatWriteOrLock() {
        assertTrue(check("SELECT * INTO backup FROM customers").errorMessage().contains("INTO"));
        assertTrue(check("SELECT * FROM customers FOR UPDATE").errorMessage().contains("locks rows"));
    }
}
