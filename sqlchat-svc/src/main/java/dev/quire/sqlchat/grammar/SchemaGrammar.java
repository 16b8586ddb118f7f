package dev.quire.sqlchat.grammar;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import dev.quire.sqlchat.schema.ColumnSchema;
import dev.quire.sqlchat.schema.DatabaseSchema;
import dev.quire.sqlchat.schema.Identifiers;
import dev.quire.sqlchat.schema.TableSchema;

/**
 * A GBNF grammar (llama.cpp's format) that only admits single-table queries over the real schema:
 * {@code SELECT <* or columns of T> FROM T [WHERE <column of T> = <literal of its type>] [LIMIT n];}.
 * Each table is its own alternative, so the columns always belong to the chosen table, and the
 * WHERE literal matches the column's type (numbers for numeric columns, strings for text, ...),
 * so every sentence of the grammar runs. Identifiers use the dialect's quote character and date
 * literals its syntax.
 *
 * <p>Rule names are generated ({@code t1}, {@code t1-col}, ...) because GBNF names allow only
 * letters, digits and dashes; identifiers appear only inside double-quoted literals.
 * A later issue widens this to joins and aggregates.
 */
public final class SchemaGrammar {

    /** Upper bound of characters in a generated string literal, so a random model closes its quote. */
    static final int MAX_STRING_CHARS = 32;

    /** Columns after the first one in a select list: bounded so a random model finishes within its token budget. */
    static final int MAX_EXTRA_COLUMNS = 7;

    /** Which literal a column can be compared with; OTHER columns are left out of WHERE. */
    enum LiteralKind {
        NUMBER("number"), STRING("string"), BOOLEAN("boolean"), DATE("date"), OTHER(null);

        final String rule;

        LiteralKind(String rule) {
            this.rule = rule;
        }

        static LiteralKind of(String sqlType) {
            String type = sqlType.toUpperCase(Locale.ROOT);
            if (type.matches(".*(INT|DEC|NUMERIC|NUMBER|REAL|DOUBLE|FLOAT|DECFLOAT).*")) {
                return NUMBER;
            }
            if (type.matches(".*(CHAR|TEXT|STRING|CLOB).*")) {
                return STRING;
            }
            if (type.startsWith("BOOL")) {
                return BOOLEAN;
            }
            if (type.equals("DATE")) {
                return DATE;
            }
            return OTHER;
        }
    }

    private SchemaGrammar() {
    }

    public static String of(DatabaseSchema schema) {
        if (schema.tables().isEmpty()) {
            throw new IllegalArgumentException("database '" + schema.database() + "' has no tables to build a grammar from");
        }
        String quote = schema.identifierQuote();
        List<TableSchema> tables = schema.tables();
        StringBuilder g = new StringBuilder("root ::= (");
        for (int i = 0; i < tables.size(); i++) {
            g.append(i == 0 ? "" : " | ").append(rule(i));
        }
        g.append(") limit? \";\"\n");
        for (int i = 0; i < tables.size(); i++) {
            appendTable(g, rule(i), tables.get(i), quote);
        }
        g.append("limit ::= \" LIMIT \" [1-9] [0-9]? [0-9]?\n");
        g.append("number ::= \"-\"? [0-9] [0-9]? [0-9]? [0-9]? [0-9]? [0-9]? (\".\" [0-9] [0-9]?)?\n");
        g.append("string ::= \"'\" [a-zA-Z0-9 _.@-]{0,").append(MAX_STRING_CHARS).append("} \"'\"\n");
        g.append("boolean ::= \"TRUE\" | \"FALSE\"\n");
        // SQLite has no typed literals (it stores dates as text and compares them as text).
        String datePrefix = "SQLite".equalsIgnoreCase(schema.productName()) ? "'" : "DATE '";
        g.append("date ::= ").append(literal(datePrefix))
                .append(" [12] [0-9] [0-9] [0-9] \"-\" (\"0\" [1-9] | \"1\" [0-2]) \"-\" (\"0\" [1-9] | \"1\" [0-9] | \"2\" [0-8]) \"'\"\n");
        return g.toString();
    }

    private static String rule(int tableIndex) {
        return "t" + (tableIndex + 1);
    }

    private static void appendTable(StringBuilder g, String rule, TableSchema table, String quote) {
        String columnRule = rule + "-col";
        List<String> comparisons = new ArrayList<>();
        for (ColumnSchema column : table.columns()) {
            LiteralKind kind = LiteralKind.of(column.type());
            if (kind != LiteralKind.OTHER) {
                comparisons.add(literal(Identifiers.sql(column.name(), quote) + " = ") + " " + kind.rule);
            }
        }
        g.append(rule).append(" ::= \"SELECT \" ").append(rule).append("-cols ")
                .append(literal(" FROM " + Identifiers.sql(table.name(), quote)))
                .append(comparisons.isEmpty() ? "" : " " + rule + "-where?").append('\n');
        if (table.columns().isEmpty()) {
            g.append(rule).append("-cols ::= \"*\"\n");
            return;
        }
        g.append(rule).append("-cols ::= \"*\" | ").append(columnRule).append(" (\", \" ").append(columnRule)
                .append("){0,").append(MAX_EXTRA_COLUMNS).append("}\n");
        g.append(columnRule).append(" ::= ").append(table.columns().stream()
                .map(c -> literal(Identifiers.sql(c.name(), quote))).collect(Collectors.joining(" | "))).append('\n');
        if (!comparisons.isEmpty()) {
            g.append(rule).append("-where ::= \" WHERE \" (").append(String.join(" | ", comparisons)).append(")\n");
        }
    }

    /** Text as a GBNF double-quoted literal. */
    static String literal(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
