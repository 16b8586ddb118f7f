package dev.quire.sqlchat.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.quire.sqlchat.prompt.SqlPrompt;
import dev.quire.sqlchat.query.QueryExecutor;
import dev.quire.sqlchat.query.QueryResult;
import dev.quire.sqlchat.query.SqlExtractor;
import dev.quire.sqlchat.query.SqlValidator;
import dev.quire.sqlchat.query.ValidationResult;
import dev.quire.sqlchat.schema.DatabaseSchema;
import dev.quire.sqlchat.schema.Identifiers;
import dev.quire.sqlchat.schema.TableSchema;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * Text-to-SQL evaluation over question -> gold SQL pairs: for each question it builds the real
 * prompt, asks a model (any function from prompt to text), and measures
 * <ul>
 *   <li>schema-linking recall: the share of the gold query's tables whose DDL the prompt shows;</li>
 *   <li>validity: the share of answers the validator passes;</li>
 *   <li>execution accuracy: the share of answers whose rows equal the gold query's rows
 *       (as multisets of rows; column names and row order ignored).</li>
 * </ul>
 */
public final class SqlBenchmark {

    /** One question and the SQL that answers it. */
    public record GoldPair(String question, String sql) {
    }

    /**
     * @param goldTables  tables the gold SQL reads
     * @param shownTables tables whose DDL the prompt showed
     * @param answer      the SQL extracted from the model's text
     * @param valid       the validator passed the answer
     * @param correct     the answer ran and returned the gold rows
     * @param problem     why the answer failed, empty when it was correct
     */
    public record Outcome(GoldPair pair, Set<String> goldTables, Set<String> shownTables, String answer, boolean valid,
            boolean correct, String problem) {

        public double recall() {
            return goldTables.isEmpty() ? 1.0
                    : goldTables.stream().filter(shownTables::contains).count() / (double) goldTables.size();
        }
    }

    /** Averages over all pairs, and the outcomes they come from. */
    public record Report(String model, int promptBudgetTokens, List<Outcome> outcomes) {

        public double schemaLinkingRecall() {
            return outcomes.stream().mapToDouble(Outcome::recall).average().orElse(0);
        }

        public double validShare() {
            return outcomes.stream().filter(Outcome::valid).count() / (double) Math.max(1, outcomes.size());
        }

        public double executionAccuracy() {
            return outcomes.stream().filter(Outcome::correct).count() / (double) Math.max(1, outcomes.size());
        }

        public String summary() {
            return String.format(Locale.ROOT, "model=%s budget=%d pairs=%d schema-linking-recall=%.3f valid=%.3f execution-accuracy=%.3f",
                    model, promptBudgetTokens, outcomes.size(), schemaLinkingRecall(), validShare(), executionAccuracy());
        }
    }

    private final DatabaseSchema schema;
    private final Supplier<Connection> connections;
    private final SqlValidator validator = new SqlValidator();
    private final QueryExecutor executor = new QueryExecutor();

    public SqlBenchmark(DatabaseSchema schema, Supplier<Connection> connections) {
        this.schema = schema;
        this.connections = connections;
    }

    /** Reads {@code question || sql} lines from the class path; {@code #} starts a comment line. */
    public static List<GoldPair> load(String resource) {
        try (InputStream in = SqlBenchmark.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("benchmark file " + resource + " is not on the class path");
            }
            List<GoldPair> pairs = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int bar = line.indexOf(" || ");
                if (bar < 0) {
                    throw new IllegalArgumentException("benchmark line without ' || ': " + line);
                }
                pairs.add(new GoldPair(line.substring(0, bar).strip(), line.substring(bar + 4).strip()));
            }
            return pairs;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    /**
     * @param model     label for the report
     * @param prompt    renders prompts (its budget decides how many tables are shown)
     * @param generator the model: prompt text in, model text out
     */
    public Report run(String model, SqlPrompt prompt, int budgetTokens, List<GoldPair> pairs, Function<String, String> generator) {
        List<Outcome> outcomes = new ArrayList<>();
        for (GoldPair pair : pairs) {
            SqlPrompt.Rendered rendered = prompt.build(schema, SqlPrompt.Input.of(pair.question()));
            Set<String> shown = new TreeSet<>(rendered.tablesShown().stream().map(t -> t.name().toLowerCase(Locale.ROOT)).toList());
            String answer = SqlExtractor.extract(generator.apply(rendered.text()));
            ValidationResult verdict = validator.validate(answer, schema);
            boolean correct = false;
            String problem = verdict.errorMessage();
            if (verdict.valid()) {
                try {
                    correct = rows(answer).equals(rows(pair.sql()));
                    problem = correct ? "" : "different rows than the gold query";
                } catch (SQLException e) {
                    problem = "did not run: " + e.getMessage();
                }
            }
            outcomes.add(new Outcome(pair, tablesOf(pair.sql()), shown, answer, verdict.valid(), correct, problem));
        }
        return new Report(model, budgetTokens, outcomes);
    }

    private List<List<String>> rows(String sql) throws SQLException {
        ValidationResult verdict = validator.validate(sql, schema);
        if (!verdict.valid()) {
            throw new SQLException("gold SQL is not valid: " + verdict.errorMessage() + " -- " + sql);
        }
        try (Connection connection = connections.get()) {
            QueryResult result = executor.execute(connection, verdict.query().orElseThrow(), 10_000, Duration.ofSeconds(30));
            List<List<String>> rows = new ArrayList<>(result.rows());
            rows.sort(Comparator.comparing(Object::toString));
            return rows;
        }
    }

    /** The schema tables a query reads, lower-case. */
    Set<String> tablesOf(String sql) {
        try {
            Set<String> names = new TablesNamesFinder<Void>().getTables(CCJSqlParserUtil.parse(sql));
            Set<String> tables = new TreeSet<>();
            for (String name : names) {
                String bare = Identifiers.unquote(name.substring(name.lastIndexOf('.') + 1));
                schema.table(bare).map(TableSchema::name).map(n -> n.toLowerCase(Locale.ROOT)).ifPresent(tables::add);
            }
            return tables;
        } catch (JSQLParserException e) {
            throw new IllegalArgumentException("gold SQL does not parse: " + sql, e);
        }
    }

    /** For reports: the gold tables of each pair, e.g. to show what a selector missed. */
    public Optional<String> firstMiss(Report report) {
        return report.outcomes().stream().filter(o -> o.recall() < 1).findFirst()
                .map(o -> o.pair().question() + " needs " + o.goldTables() + ", prompt showed " + o.shownTables());
    }
}
