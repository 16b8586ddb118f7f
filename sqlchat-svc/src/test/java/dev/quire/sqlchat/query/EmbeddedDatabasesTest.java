package dev.quire.sqlchat.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.quire.sqlchat.SampleDatabase;
import dev.quire.sqlchat.db.DatabaseRegistry;
import dev.quire.sqlchat.schema.DatabaseSchema;
import dev.quire.sqlchat.schema.ForeignKey;
import dev.quire.sqlchat.schema.SchemaReader;
import dev.quire.sqlchat.schema.TableSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQLite and DuckDB files read, validated and queried through the same catalog, validator and executor. */
class EmbeddedDatabasesTest {

    @TempDir
    Path dir;

    private static final List<String> DDL = List.of(
            "CREATE TABLE teams (team_id INTEGER PRIMARY KEY, name VARCHAR(40) NOT NULL, league VARCHAR(20) NOT NULL)",
            "CREATE TABLE players (player_id INTEGER PRIMARY KEY, name VARCHAR(60) NOT NULL, "
                    + "team_id INTEGER NOT NULL REFERENCES teams (team_id), goals INTEGER)",
            "INSERT INTO teams VALUES (1, 'Rovers', 'north'), (2, 'United', 'north'), (3, 'Athletic', 'south'), (4, 'City', 'south')",
            "INSERT INTO players VALUES (1, 'Ada', 1, 12), (2, 'Ben', 1, 3), (3, 'Cleo', 2, 7), (4, 'Dev', 3, 9)");

    /** Filled through the registry, which finds drivers with its own class loader (DriverManager may not, under Quarkus tests). */
    private DatabaseRegistry fill(String url) throws SQLException {
        DatabaseRegistry registry = new DatabaseRegistry(Map.of("db", new SampleDatabase.Config(url, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty())));
        try (Connection c = registry.open("db"); Statement s = c.createStatement()) {
            for (String sql : DDL) {
                s.execute(sql);
            }
        }
        return registry;
    }

    private void checkSchemaAndQuery(DatabaseRegistry registry, String product) throws Exception {
        DatabaseSchema schema;
        try (Connection c = registry.open("db")) {
            schema = new SchemaReader().read("db", c, Optional.empty());
        }
        assertTrue(schema.productName().contains(product), schema.productName());
        assertEquals(List.of("players", "teams"), schema.tables().stream().map(TableSchema::name).toList());
        assertEquals(List.of(new ForeignKey(List.of("team_id"), "teams", List.of("team_id"))),
                schema.table("players").orElseThrow().foreignKeys());
        assertEquals(List.of("north", "south"), schema.table("teams").orElseThrow().column("league").orElseThrow().sampleValues());
        ValidationResult verdict = new SqlValidator().validate("SELECT t.name, SUM(p.goals) AS goals FROM teams t "
                + "JOIN players p ON p.team_id = t.team_id GROUP BY t.name ORDER BY goals DESC", schema);
        assertTrue(verdict.valid(), verdict.errorMessage());
        try (Connection c = registry.openForQuery("db")) {
            QueryResult result = new QueryExecutor().execute(c, verdict.query().orElseThrow(), 10, Duration.ofSeconds(30));
            assertEquals(List.of("Rovers", "15"), result.rows().get(0));
        }
    }

    @Test
    void sqlite() throws Exception {
        DatabaseRegistry registry = fill("jdbc:sqlite:" + dir.resolve("league.db"));
        checkSchemaAndQuery(registry, "SQLite");
        try (Connection c = registry.openForQuery("db")) {
            ReadOnlyQuery forged = new ReadOnlyQuery("UPDATE players SET goals = 0");
            assertThrows(SQLException.class, () -> new QueryExecutor().execute(c, forged, 10, Duration.ofSeconds(30)),
                    "the query connection is opened read-only");
        }
        try (Connection c = registry.open("db"); ResultSet rs = c.createStatement().executeQuery("SELECT SUM(goals) FROM players")) {
            rs.next();
            assertEquals(31, rs.getInt(1));
        }
    }

    @Test
    void duckdb() throws Exception {
        checkSchemaAndQuery(fill("jdbc:duckdb:" + dir.resolve("league.duckdb")), "DuckDB");
    }
}
