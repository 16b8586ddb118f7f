package dev.quire.sqlchat.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.quire.common.QuireException;
import dev.quire.sqlchat.SampleDatabase;
import dev.quire.sqlchat.db.DatabaseRegistry;
import dev.quire.sqlchat.prompt.SchemaDdl;
import dev.quire.sqlchat.schema.DatabaseSchema;
import dev.quire.sqlchat.schema.ForeignKey;
import dev.quire.sqlchat.schema.SchemaReader;
import dev.quire.sqlchat.schema.TableSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The catalog, validator and executor against the real PostgreSQL and MariaDB servers of this
 * machine (127.0.0.1:5432 user postgres, 127.0.0.1:3306 user root, both without password; started
 * by the machine before CI). Each run creates its own database and drops it afterwards.
 */
class RealDatabasesTest {

    /** What both servers hold: authors and books with a foreign key, comments and a low-cardinality genre. */
    abstract static class ServerContract {

        final String database = "quire_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DatabaseRegistry registry;
        DatabaseSchema schema;
        final SqlValidator validator = new SqlValidator();
        final QueryExecutor executor = new QueryExecutor();

        abstract String adminUrl();

        abstract String databaseUrl();

        abstract String user();

        abstract List<String> ddl();

        abstract String dialect();

        @BeforeAll
        void createDatabase() throws Exception {
            try (Connection admin = connect(adminUrl()); Statement s = admin.createStatement()) {
                s.execute("CREATE DATABASE " + database);
            }
            try (Connection c = connect(databaseUrl()); Statement s = c.createStatement()) {
                for (String sql : ddl()) {
                    s.execute(sql);
                }
                s.execute("INSERT INTO authors VALUES (1, 'Chinua Achebe', 'Nigeria'), (2, 'Ursula K. Le Guin', 'USA'), "
                        + "(3, 'Haruki Murakami', 'Japan'), (4, 'Chimamanda Ngozi Adichie', 'Nigeria')");
                s.execute("INSERT INTO books VALUES (1, 'Things Fall Apart', 1, 'novel', 9.99), (2, 'A Wizard of Earthsea', 2, 'fantasy', 8.50), "
                        + "(3, 'The Left Hand of Darkness', 2, 'science fiction', 10.00), (4, 'Kafka on the Shore', 3, 'novel', 12.00), "
                        + "(5, 'Half of a Yellow Sun', 4, 'novel', 11.00), (6, 'The Dispossessed', 2, 'science fiction', 10.50), "
                        + "(7, 'Tehanu', 2, 'fantasy', 9.00), (8, 'Norwegian Wood', 3, 'novel', 9.50)");
            }
            registry = new DatabaseRegistry(Map.of("it", new SampleDatabase.Config(databaseUrl(), Optional.of(user()),
                    Optional.empty(), Optional.empty(), Optional.empty())));
            try (Connection c = registry.open("it")) {
                schema = new SchemaReader().read("it", c, Optional.empty());
            }
        }

        @AfterAll
        void dropDatabase() throws Exception {
            try (Connection admin = connect(adminUrl()); Statement s = admin.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + database + dropSuffix());
            }
        }

        String dropSuffix() {
            return "";
        }

        /** Through a registry, which finds drivers with its own class loader (DriverManager may not, under Quarkus tests). */
        Connection connect(String url) {
            try {
                return new DatabaseRegistry(Map.of("admin", new SampleDatabase.Config(url, Optional.of(user()), Optional.empty(),
                        Optional.empty(), Optional.empty()))).open("admin");
            } catch (QuireException e) {
                return fail("the " + dialect() + " server this test needs is not reachable at " + url + " as " + user()
                        + " (it is started by the machine; see .ci/run): " + e.getMessage());
            }
        }

        @Test
        void readsTablesKeysCommentsAndSamples() {
            assertEquals(dialect(), schema.productName());
            assertEquals(List.of("authors", "books"), schema.tables().stream().map(TableSchema::name).toList());
            TableSchema books = schema.table("books").orElseThrow();
            assertEquals(List.of("book_id"), books.primaryKey());
            assertEquals(List.of(new ForeignKey(List.of("author_id"), "authors", List.of("author_id"))), books.foreignKeys());
            assertEquals(Optional.of("People who write books"), schema.table("authors").orElseThrow().comment());
            assertEquals(Optional.of("Shelf the book stands on"), books.column("genre").orElseThrow().comment());
            assertFalse(books.column("title").orElseThrow().nullable());
            assertTrue(books.column("price").orElseThrow().nullable());
            assertEquals(List.of("fantasy", "novel", "science fiction"), books.column("genre").orElseThrow().sampleValues());
            assertEquals(List.of(), books.column("title").orElseThrow().sampleValues(), "unique titles are not samples");
            String ddl = SchemaDdl.of(schema);
            assertTrue(ddl.contains("FOREIGN KEY (author_id) REFERENCES authors (author_id)"), ddl);
            assertTrue(ddl.contains("-- Shelf the book stands on; values: 'fantasy', 'novel', 'science fiction'"), ddl);
        }

        @Test
        void validatesAndRunsAJoinReadOnly() throws Exception {
            ValidationResult verdict = validator.validate("SELECT a.name, COUNT(*) AS books FROM authors a JOIN books b "
                    + "ON b.author_id = a.author_id WHERE b.genre = 'novel' GROUP BY a.name ORDER BY books DESC, a.name", schema);
            assertTrue(verdict.valid(), verdict.errorMessage());
            try (Connection c = registry.openForQuery("it")) {
                QueryResult result = executor.execute(c, verdict.query().orElseThrow(), 2, Duration.ofSeconds(30));
                assertEquals(List.of("name", "books"), result.columns());
                assertEquals(List.of("Haruki Murakami", "2"), result.rows().get(0));
                assertEquals(2, result.rows().size());
                assertTrue(result.truncated(), "three novelists, a cap of two");
            }
            assertFalse(validator.validate("SELECT b.name FROM books b", schema).valid());
        }

        @Test
        void theReadOnlyTransactionStopsAWriteThatSlippedPastValidation() throws Exception {
            ReadOnlyQuery forged = new ReadOnlyQuery("UPDATE books SET price = 0");
            try (Connection c = registry.openForQuery("it")) {
                assertThrows(SQLException.class, () -> executor.execute(c, forged, 10, Duration.ofSeconds(30)));
            }
            try (Connection c = registry.open("it"); ResultSet rs = c.createStatement().executeQuery("SELECT MIN(price) FROM books")) {
                rs.next();
                assertEquals(8.5, rs.getDouble(1), 0.001, "no price was changed");
            }
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class PostgreSql extends ServerContract {

        @Override
        String adminUrl() {
            return "jdbc:postgresql://127.0.0.1:5432/postgres";
        }

        @Override
        String databaseUrl() {
            return "jdbc:postgresql://127.0.0.1:5432/" + database;
        }

        @Override
        String user() {
            return "postgres";
        }

        @Override
        String dialect() {
            return "PostgreSQL";
        }

        @Override
        String dropSuffix() {
            return " WITH (FORCE)";
        }

        @Override
        List<String> ddl() {
            return List.of(
                    "CREATE TABLE authors (author_id INTEGER PRIMARY KEY, name VARCHAR(80) NOT NULL, country VARCHAR(40))",
                    "COMMENT ON TABLE authors IS 'People who write books'",
                    "CREATE TABLE books (book_id INTEGER PRIMARY KEY, title VARCHAR(200) NOT NULL, "
                            + "author_id INTEGER NOT NULL REFERENCES authors (author_id), genre VARCHAR(30) NOT NULL, price NUMERIC(8,2))",
                    "COMMENT ON COLUMN books.genre IS 'Shelf the book stands on'");
        }

        @Test
        void theStatementTimeoutCancelsALongQuery() throws Exception {
            ReadOnlyQuery slow = new ReadOnlyQuery("SELECT pg_sleep(30)"); // refused by the validator; forged to test the timeout
            try (Connection c = registry.openForQuery("it")) {
                var e = assertThrows(QuireException.DeadlineExceeded.class,
                        () -> executor.execute(c, slow, 10, Duration.ofSeconds(1), "quire.sql.statement-timeout"));
                assertTrue(e.getMessage().contains("did not finish within 1 s (quire.sql.statement-timeout) and was cancelled"), e.getMessage());
            }
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class MariaDb extends ServerContract {

        @Override
        String adminUrl() {
            return "jdbc:mariadb://127.0.0.1:3306/";
        }

        @Override
        String databaseUrl() {
            return "jdbc:mariadb://127.0.0.1:3306/" + database;
        }

        @Override
        String user() {
            return "root";
        }

        @Override
        String dialect() {
            return "MariaDB";
        }

        @Override
        List<String> ddl() {
            return List.of(
                    "CREATE TABLE authors (author_id INTEGER PRIMARY KEY, name VARCHAR(80) NOT NULL, country VARCHAR(40)) "
                            + "COMMENT = 'People who write books'",
                    "CREATE TABLE books (book_id INTEGER PRIMARY KEY, title VARCHAR(200) NOT NULL, author_id INTEGER NOT NULL, "
                            + "genre VARCHAR(30) NOT NULL COMMENT 'Shelf the book stands on', price DECIMAL(8,2), "
                            + "FOREIGN KEY (author_id) REFERENCES authors (author_id))");
        }
    }
}
