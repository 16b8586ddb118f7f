package dev.quire.sqlchat.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import dev.quire.sqlchat.SampleDatabase;
import dev.quire.sqlchat.schema.DatabaseSchema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The safety corpus: every attack in {@code sql-corpus/attacks.txt} is refused with its reason,
 * and every query in {@code sql-corpus/legitimate.txt} passes and runs on the real sample database.
 */
class SqlSafetyCorpusTest {

    static final int MIN_CASES = 40;

    static SampleDatabase sample;
    static DatabaseSchema schema;
    final SqlValidator validator = new SqlValidator();

    @BeforeAll
    static void open() throws Exception {
        sample = new SampleDatabase();
        schema = sample.schema();
    }

    static List<String> lines(String resource) {
        try (InputStream in = SqlSafetyCorpusTest.class.getClassLoader().getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> attacks() {
        return lines("sql-corpus/attacks.txt").stream().map(line -> {
            int bar = line.indexOf(" || ");
            return Arguments.of(line.substring(0, bar).strip(), line.substring(bar + 4).strip());
        });
    }

    static Stream<String> legitimate() {
        return lines("sql-corpus/legitimate.txt").stream();
    }

    @Test
    void theCorpusIsBigEnough() {
        assertTrue(attacks().count() >= MIN_CASES, "attacks: " + attacks().count());
        assertTrue(legitimate().count() >= MIN_CASES, "legitimate: " + legitimate().count());
    }

    @ParameterizedTest(name = "refused: {1}")
    @MethodSource("attacks")
    void attackIsRefusedWithItsReason(String reason, String sql) throws Exception {
        int before = fingerprint();
        ValidationResult verdict = validator.validate(sql, schema);
        assertFalse(verdict.valid(), sql);
        assertTrue(verdict.query().isEmpty(), "nothing runnable comes out of a refusal");
        assertTrue(verdict.errorMessage().contains(reason), "expected '" + reason + "' in: " + verdict.errorMessage());
        assertEquals(before, fingerprint(), "the database is untouched");
    }

    @ParameterizedTest(name = "passes: {0}")
    @MethodSource("legitimate")
    void legitimateQueryPassesAndRuns(String sql) throws Exception {
        ValidationResult verdict = validator.validate(sql, schema);
        assertTrue(verdict.valid(), sql + " -> " + verdict.errors());
        assertTrue(verdict.readOnly());
        try (Connection connection = sample.open()) {
            QueryResult result = new QueryExecutor().execute(connection, verdict.query().orElseThrow(), 100, Duration.ofSeconds(30));
            assertFalse(result.columns().isEmpty(), sql);
        }
    }

    /** Row counts of every table, so a write that slipped through would show. */
    private static int fingerprint() throws Exception {
        int sum = 0;
        try (Connection c = sample.open()) {
            for (String table : List.of("customers", "categories", "products", "orders", "order_items")) {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
                    rs.next();
                    sum = sum * 31 + rs.getInt(1);
                }
            }
        }
        return sum;
    }
}
