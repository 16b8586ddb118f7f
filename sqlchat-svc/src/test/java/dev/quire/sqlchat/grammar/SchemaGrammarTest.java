package dev.quire.sqlchat.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import dev.quire.sqlchat.SampleDatabase;
import dev.quire.sqlchat.query.QueryExecutor;
import dev.quire.sqlchat.query.SqlExtractor;
import dev.quire.sqlchat.query.SqlValidator;
import dev.quire.sqlchat.query.ValidationResult;
import dev.quire.sqlchat.schema.ColumnSchema;
import dev.quire.sqlchat.schema.DatabaseSchema;
import dev.quire.sqlchat.schema.TableSchema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SchemaGrammarTest {

    static SampleDatabase sample;
    static DatabaseSchema schema;
    static String grammar;

    @BeforeAll
    static void build() throws Exception {
        sample = new SampleDatabase();
        schema = sample.schema();
        grammar = SchemaGrammar.of(schema);
    }

    @Test
    void everyTableAndColumnIsAQuotedLiteralOfItsTableAlternative() {
        assertTrue(grammar.startsWith("root ::= (t1 | t2 | t3 | t4 | t5) limit? \";\"\n"), grammar);
        for (int i = 0; i < schema.tables().size(); i++) {
            TableSchema table = schema.tables().get(i);
            String rule = "t" + (i + 1);
            assertTrue(grammar.contains(rule + " ::= \"SELECT \" " + rule + "-cols \" FROM " + table.name() + "\" " + rule + "-where?\n"), grammar);
            String whereLine = grammar.lines().filter(l -> l.startsWith(rule + "-where ::= ")).findFirst().orElseThrow();
            String columnLine = grammar.lines().filter(l -> l.startsWith(rule + "-col ::= ")).findFirst().orElseThrow();
            for (ColumnSchema column : table.columns()) {
                assertTrue(columnLine.contains("\"" + column.name() + "\""), column.name() + " missing in " + columnLine);
                assertTrue(whereLine.contains("\"" + column.name() + " = \""), column.name() + " not comparable in " + whereLine);
            }
        }
    }

    @Test
    void everyLineHasBalancedQuotesAndDefinesAValidRuleName() {
        for (String line : grammar.split("\n")) {
            assertTrue(line.matches("[a-z0-9-]+ ::= .+"), line);
            long quotes = line.replace("\\\\", "").replace("\\\"", "").chars().filter(c -> c == '"').count();
            assertEquals(0, quotes % 2, "unbalanced quotes: " + line);
        }
    }

    @Test
    void identifiersThatNeedQuotingAreEscapedForGbnf() {
        DatabaseSchema odd = new DatabaseSchema("odd", "H2", "2", Optional.empty(), "\"", List.of(new TableSchema("Order Lines", false,
                List.of(new ColumnSchema("Qty", "INTEGER", false, Optional.empty())), List.of(), List.of(), Optional.empty())));
        String g = SchemaGrammar.of(odd);
        assertTrue(g.contains("\" FROM \\\"Order Lines\\\"\""), g);
        assertTrue(g.contains("t1-where ::= \" WHERE \" (\"\\\"Qty\\\" = \" number)"), g);
        assertTrue(g.contains("t1-col ::= \"\\\"Qty\\\"\""), g);
        new GbnfSampler(g); // still parses
    }

    @Test
    void whereLiteralsFollowTheColumnType() {
        String productsWhere = grammar.lines().filter(l -> l.startsWith("t5-where ::= ")).findFirst().orElseThrow();
        assertTrue(productsWhere.contains("\"price = \" number"), productsWhere);
        assertTrue(productsWhere.contains("\"name = \" string"), productsWhere);
        assertTrue(productsWhere.contains("\"discontinued = \" boolean"), productsWhere);
        String ordersWhere = grammar.lines().filter(l -> l.startsWith("t4-where ::= ")).findFirst().orElseThrow();
        assertTrue(ordersWhere.contains("\"order_date = \" date"), ordersWhere);
    }

    /** Every sentence of the grammar must be SQL the validator accepts and H2 runs: drawn at random, 300 times. */
    @Test
    void randomSentencesAreValidSqlThatRunsOnTheSample() throws Exception {
        GbnfSampler sampler = new GbnfSampler(grammar);
        SqlValidator validator = new SqlValidator();
        QueryExecutor executor = new QueryExecutor();
        Random random = new Random(42);
        try (Connection connection = sample.open()) {
            for (int i = 0; i < 300; i++) {
                String text = sampler.sample(random);
                String sql = SqlExtractor.extract(text);
                ValidationResult verdict = validator.validate(sql, schema);
                assertTrue(verdict.valid(), text + " -> " + verdict.errors());
                executor.execute(connection, verdict.query().orElseThrow(), 5, Duration.ofSeconds(30));
            }
        }
    }

    @Test
    void onSqliteDatesAreTextLiteralsAndEverySentenceRuns() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("quire-grammar", ".sqlite");
        try (Connection connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (var statement = connection.createStatement()) {
                statement.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, title TEXT, happened DATE)");
                statement.execute("INSERT INTO events VALUES (1, 'launch', '2024-05-01')");
            }
            DatabaseSchema sqlite = new dev.quire.sqlchat.schema.SchemaReader().read("events", connection, java.util.Optional.empty());
            String sqliteGrammar = SchemaGrammar.of(sqlite);
            assertTrue(sqliteGrammar.contains("date ::= \"'\""), sqliteGrammar);
            assertTrue(!sqliteGrammar.contains("DATE '"), "SQLite has no DATE '...' literal: " + sqliteGrammar);
            GbnfSampler sampler = new GbnfSampler(sqliteGrammar);
            Random random = new Random(7);
            for (int i = 0; i < 100; i++) {
                String sql = SqlExtractor.extract(sampler.sample(random));
                try (var statement = connection.createStatement(); var rows = statement.executeQuery(sql)) {
                    while (rows.next()) {
                        // every sentence must run; the rows themselves do not matter
                    }
                }
            }
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }
}
