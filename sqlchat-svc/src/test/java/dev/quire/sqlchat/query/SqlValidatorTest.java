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
        assertEquals("unknown column 'colour' (not in products)", verdict.errorMessage());
        assertTrue(check("SELECT name FROM products WHERE weight > 10").errorMessage().contains("'weight'"));
    }

    @Test
    void rejectsWritesAndDdlWithTheReason() {
        assertEquals("INSERT statements are not allowed: only one read-only SELECT, WITH ... SELECT or EXPLAIN SELECT may run",
                check("INSERT INTO categories VALUES (99, 'Toys', NULL)").errorMessage());
        assertTrue(check("DROP TABLE customers").errorMessage().startsWith("DROP statements are not allowed"));
        assertFalse(check("UPDATE products SET price = 0").readOnly());
    }

    @Test
    void rejectsMultipleStatementsAndGarbage() {
        ValidationResult two = check("SELECT * FROM customers; DROP TABLE customers");
        assertTrue(two.errorMessage().startsWith("several statements are not allowed"), two.errorMessage());
        assertEquals(24, two.problems().get(0).position().orElseThrow(), "points at the ';'");
        ValidationResult garbage = check("SELEKT name FROM products");
        assertTrue(garbage.errorMessage().startsWith("the SQL does not parse: Encountered unexpected token"), garbage.errorMessage());
        assertTrue(garbage.problems().get(0).position().isPresent());
        ValidationResult withDelete = check("WITH x AS (SELECT 1 FROM customers) DELETE FROM orders");
        assertFalse(withDelete.valid());
        assertTrue(withDelete.errorMessage().contains("DELETE"), "names what the statement does: " + withDelete.errorMessage());
        assertEquals("no SQL query was produced", check("  ").errorMessage());
        assertTrue(check("SELECT 1 FROM customers;").valid(), "one trailing semicolon is fine");
    }

    @Test
    void namesEachProblemOnce() {
        assertEquals(List.of("function CSVREAD() is not allowed: it reads files on the database server",
                        "table function 'CSVREAD' in FROM is not allowed; only value generators (generate_series, json_array_elements, "
                                + "json_each, json_table, jsonb_array_elements, jsonb_each, range, system_range, unnest) are"),
                check("SELECT * FROM CSVREAD('/etc/passwd')").errors());
        assertEquals(List.of("function FILE_READ() is not allowed: it reads files on the database server"),
                check("SELECT FILE_READ('/etc/hostname'), FILE_READ('/etc/hostname') FROM customers").errors());
    }

    @Test
    void rejectsSelectsThatWriteOrLock() {
        assertTrue(check("SELECT * INTO backup FROM customers").errorMessage().contains("INTO"));
        assertTrue(check("SELECT * FROM customers FOR UPDATE").errorMessage().contains("locks rows"));
    }

    @Test
    void qualifiedColumnsResolveThroughTheirAlias() {
        ValidationResult wrongTable = check("SELECT c.price FROM customers c JOIN products p ON p.product_id = c.customer_id");
        assertFalse(wrongTable.valid(), "price exists, but not in customers");
        assertTrue(wrongTable.errorMessage().startsWith("unknown column 'c.price': customers has customer_id, first_name"),
                wrongTable.errorMessage());
        assertEquals(8, wrongTable.problems().get(0).position().orElseThrow());
        assertTrue(check("SELECT x.name FROM products p").errorMessage().contains("unknown table or alias 'x'"));
        assertTrue(check("SELECT products.name FROM products p").errorMessage().contains("unknown table or alias 'products'"),
                "an aliased table is reached only through its alias");
    }

    @Test
    void cteAndDerivedTableColumnsAreTheirOutputs() {
        assertTrue(check("WITH t AS (SELECT order_id AS id FROM orders) SELECT t.id FROM t").valid());
        assertTrue(check("WITH t AS (SELECT order_id AS id FROM orders) SELECT t.order_id FROM t").errorMessage()
                .contains("unknown column 't.order_id': t has id"));
        assertTrue(check("SELECT d.total FROM (SELECT SUM(quantity) AS total FROM order_items) d").valid());
        assertTrue(check("SELECT d.quantity FROM (SELECT SUM(quantity) AS total FROM order_items) d").errorMessage()
                .contains("unknown column 'd.quantity'"));
        assertTrue(check("WITH t AS (SELECT 1 AS x FROM orders) SELECT * FROM t, customers").valid());
    }

    @Test
    void correlatedSubqueriesSeeTheOuterQueryButNotTheOtherWayRound() {
        assertTrue(check("SELECT p.name FROM products p WHERE EXISTS (SELECT 1 FROM order_items oi WHERE oi.product_id = p.product_id)")
                .valid());
        assertTrue(check("SELECT oi.quantity FROM products p WHERE EXISTS (SELECT 1 FROM order_items oi)").errorMessage()
                .contains("unknown table or alias 'oi'"));
        assertTrue(check("SELECT name FROM products WHERE category_id IN (SELECT category_id FROM categories WHERE colour = 'red')")
                .errorMessage().contains("unknown column 'colour'"));
    }

    @Test
    void ambiguousUnqualifiedColumnsAreNamed() {
        ValidationResult verdict = check("SELECT customer_id FROM customers c JOIN orders o ON o.customer_id = c.customer_id");
        assertEquals("ambiguous column 'customer_id': it is in customers and orders; qualify it with a table alias",
                verdict.errorMessage());
        assertTrue(verdict.readOnly(), "a schema problem is not a safety problem");
    }

    @Test
    void selectAliasesAreVisibleInOrderByButNotInWhere() {
        assertTrue(check("SELECT price * 2 AS doubled FROM products ORDER BY doubled").valid());
        assertTrue(check("SELECT price * 2 AS doubled FROM products WHERE doubled > 10").errorMessage()
                .contains("unknown column 'doubled'"));
    }
}
