package dev.quire.sqlchat.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import dev.quire.common.QuireException;
import dev.quire.sqlchat.SampleDatabase;
import dev.quire.sqlchat.schema.DatabaseSchema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class QueryExecutorTest {

    static SampleDatabase sample;
    static DatabaseSchema schema;
    final QueryExecutor executor = new QueryExecutor();
    final SqlValidator validator = new SqlValidator();

    @BeforeAll
    static void open() throws Exception {
        sample = new SampleDatabase();
        schema = sample.schema();
    }

    private QueryResult run(String sql, int maxRows) throws SQLException {
        try (Connection connection = sample.open()) {
            return executor.execute(connection, validator.validate(sql, schema).query().orElseThrow(), maxRows, Duration.ofSeconds(30));
        }
    }

    @Test
    void returnsColumnsAndRowsAsText() throws Exception {
        QueryResult result = run("SELECT name, price FROM products WHERE price > 300 ORDER BY price", 200);
        assertEquals(List.of("NAME", "PRICE"), result.columns().stream().map(String::toUpperCase).toList());
        assertEquals(List.of(List.of("Espresso Machine Classic", "349.00"), List.of("Standing Desk 140 x 70", "499.00")), result.rows());
        assertFalse(result.truncated());
    }

    @Test
    void capsRowsAndSaysSo() throws Exception {
        QueryResult capped = run("SELECT customer_id FROM customers ORDER BY customer_id", 10);
        assertEquals(10, capped.rows().size());
        assertTrue(capped.truncated());
        QueryResult exact = run("SELECT customer_id FROM customers", 15);
        assertEquals(15, exact.rows().size());
        assertFalse(exact.truncated(), "exactly the cap is not truncated");
    }

    @Test
    void sqlNullBecomesTheNullText() throws Exception {
        QueryResult result = run("SELECT shipping_city FROM orders WHERE order_id = 1024", 5);
        assertEquals(List.of(List.of(QueryExecutor.NULL_TEXT)), result.rows());
    }

    @Test
    void anUpdateSlippedPastValidationStillChangesNothing() throws Exception {
        // Only this package can build a ReadOnlyQuery without the validator; production code cannot.
        ReadOnlyQuery forged = new ReadOnlyQuery("UPDATE products SET stock = 0");
        int stockBefore = totalStock();
        assertTrue(stockBefore > 0);
        try (Connection connection = sample.open()) {
            assertThrows(SQLException.class, () -> executor.execute(connection, forged, 10, Duration.ofSeconds(30)));
        }
        assertEquals(stockBefore, totalStock(), "stock must be untouched");
        assertFalse(validator.validate("UPDATE products SET stock = 0", schema).valid());
    }

    private static int totalStock() throws SQLException {
        try (Connection check = sample.open(); ResultSet rs = check.createStatement().executeQuery("SELECT SUM(stock) FROM products")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void noTimeLeftIsADeadlineFailure() throws Exception {
        try (Connection connection = sample.open()) {
            ReadOnlyQuery query = validator.validate("SELECT 1 FROM customers", schema).query().orElseThrow();
            assertThrows(QuireException.DeadlineExceeded.class, () -> executor.execute(connection, query, 10, Duration.ZERO));
        }
    }
}
