package dev.quire.sqlchat.prompt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.quire.common.prompt.PromptTemplates;
import dev.quire.sqlchat.config.SqlChatConfig;
import dev.quire.sqlchat.conversation.ConversationMemory.Turn;
import dev.quire.sqlchat.examples.SqlExamplePair;
import dev.quire.sqlchat.schema.DatabaseSchema;
import dev.quire.sqlchat.schema.TableSchema;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Renders {@code prompts/sql-generate.txt} within the token budget: dialect notes
 * ({@code prompts/sql-dialect-*.txt}), the schema DDL (all of it, or the tables the
 * {@link TableSelector} picks when it does not fit), similar stored examples, the conversation's
 * recent turns, the question, and the previous attempt's error if any.
 */
@ApplicationScoped
public class SqlPrompt {

    public static final String TEMPLATE = "sql-generate";

    /** Tokens kept for the template's own wording and the answer's first line. */
    static final int FIXED_PART_TOKENS = 300;

    private final PromptTemplates templates;
    private final TableSelector tables;
    private final int budgetTokens;

    @Inject
    public SqlPrompt(PromptTemplates templates, TableSelector tables, SqlChatConfig config) {
        this(templates, tables, config.promptTokenBudget());
    }

    /** With an explicit budget, e.g. to measure schema linking at several budgets. */
    public SqlPrompt(PromptTemplates templates, TableSelector tables, int budgetTokens) {
        if (budgetTokens <= FIXED_PART_TOKENS) {
            throw new IllegalArgumentException("the prompt token budget must exceed " + FIXED_PART_TOKENS + ", got " + budgetTokens);
        }
        this.templates = templates;
        this.tables = tables;
        this.budgetTokens = budgetTokens;
    }

    /** What goes into one prompt besides the schema. */
    public record Input(String question, List<SqlExamplePair> examples, List<Turn> history, Optional<FailedAttempt> previous) {

        public static Input of(String question) {
            return new Input(question, List.of(), List.of(), Optional.empty());
        }

        public Input withPrevious(Optional<FailedAttempt> failed) {
            return new Input(question, examples, history, failed);
        }
    }

    /**
     * The rendered prompt, the tables whose DDL it shows (for schema-linking measurements) and
     * what the user should know about how they were chosen.
     */
    public record Rendered(String text, List<TableSchema> tablesShown, List<String> warnings) {
    }

    public String render(DatabaseSchema schema, String question, Optional<FailedAttempt> previous) {
        return build(schema, Input.of(question).withPrevious(previous)).text();
    }

    public Rendered build(DatabaseSchema schema, Input input) {
        int left = budgetTokens - FIXED_PART_TOKENS - TokenEstimate.of(input.question())
                - input.previous().map(p -> TokenEstimate.of(p.sql()) + TokenEstimate.of(p.error())).orElse(0);
        // Examples and history may each take a fifth of what is left; the schema gets the rest.
        List<Map<String, Object>> examples = fit(input.examples().stream().map(e -> pair(e.question(), e.sql())).toList(), left / 5);
        List<Map<String, Object>> history = fitNewest(input.history().stream().map(t -> pair(t.question(), t.sql())).toList(), left / 5);
        left -= examples.stream().mapToInt(SqlPrompt::tokens).sum() + history.stream().mapToInt(SqlPrompt::tokens).sum();

        String fullDdl = SchemaDdl.of(schema);
        TableSelector.Selection selection = TokenEstimate.of(fullDdl) <= left
                ? new TableSelector.Selection(schema.tables(), List.of())
                : tables.choose(schema, input.question(), left);
        List<TableSchema> shown = selection.tables();
        List<String> omitted = schema.tables().stream().filter(t -> !shown.contains(t)).map(TableSchema::name).toList();

        Map<String, Object> data = new HashMap<>();
        data.put("dialect", schema.productName());
        data.put("dialectVersion", schema.productVersion());
        data.put("dialectNotes", templates.render("sql-dialect-" + dialectKey(schema.productName()), Map.of()).strip());
        data.put("schemaDdl", shown.size() == schema.tables().size() ? fullDdl : SchemaDdl.of(shown, schema.identifierQuote()));
        data.put("hasOmitted", !omitted.isEmpty());
        data.put("omittedTables", String.join(", ", omitted));
        data.put("hasExamples", !examples.isEmpty());
        data.put("examples", examples);
        data.put("hasHistory", !history.isEmpty());
        data.put("history", history);
        data.put("question", input.question().strip());
        data.put("hasPrevious", input.previous().isPresent());
        data.put("previousSql", input.previous().map(FailedAttempt::sql).orElse(""));
        data.put("previousError", input.previous().map(FailedAttempt::error).orElse(""));
        return new Rendered(templates.render(TEMPLATE, data), shown, selection.warnings());
    }

    /** Which {@code sql-dialect-*.txt} notes apply to a JDBC product name. */
    static String dialectKey(String productName) {
        String name = productName.toLowerCase(Locale.ROOT);
        if (name.contains("postgres")) {
            return "postgresql";
        }
        if (name.contains("mysql") || name.contains("mariadb")) {
            return "mysql";
        }
        if (name.contains("sqlite")) {
            return "sqlite";
        }
        if (name.equals("h2")) {
            return "h2";
        }
        if (name.contains("duckdb")) {
            return "duckdb";
        }
        return "generic";
    }

    private static Map<String, Object> pair(String question, String sql) {
        return Map.of("question", oneLine(question), "sql", oneLine(sql));
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }

    private static int tokens(Map<String, Object> pair) {
        return TokenEstimate.of((String) pair.get("question")) + TokenEstimate.of((String) pair.get("sql")) + 4;
    }

    /** In order, as many as fit. */
    private static List<Map<String, Object>> fit(List<Map<String, Object>> items, int budget) {
        List<Map<String, Object>> out = new ArrayList<>();
        int used = 0;
        for (Map<String, Object> item : items) {
            if (used + tokens(item) > budget) {
                break;
            }
            out.add(item);
            used += tokens(item);
        }
        return out;
    }

    /** The newest that fit, kept oldest first. */
    private static List<Map<String, Object>> fitNewest(List<Map<String, Object>> items, int budget) {
        List<Map<String, Object>> reversed = new ArrayList<>(items);
        java.util.Collections.reverse(reversed);
        List<Map<String, Object>> kept = new ArrayList<>(fit(reversed, budget));
        java.util.Collections.reverse(kept);
        return kept;
    }

    /** An attempt the model must correct: what it wrote and what was wrong with it. */
    public record FailedAttempt(String sql, String error) {
    }
}
