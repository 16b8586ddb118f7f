package dev.quire.sqlchat.query;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import dev.quire.sqlchat.schema.DatabaseSchema;
import dev.quire.sqlchat.schema.Identifiers;
import dev.quire.sqlchat.schema.TableSchema;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * Decides whether SQL may run: it must parse (JSqlParser) as exactly one SELECT, write nothing
 * (no SELECT INTO, no FOR UPDATE, no data-modifying WITH), name only tables of the schema, and use
 * only column names that exist in one of the tables it names.
 *
 * <p>What is checked, honestly: a column must exist in <em>some</em> table the statement reads
 * (or be an alias the statement defines); whether it belongs to the table its qualifier or alias
 * points at is not resolved yet (aliases and CTE scopes come in a later issue).
 */
public final class SqlValidator {

    public ValidationResult validate(String sql, DatabaseSchema schema) {
        if (sql == null || sql.isBlank()) {
            return ValidationResult.invalid(sql == null ? "" : sql, List.of("no SQL query was produced"));
        }
        Statements statements;
        try {
            statements = CCJSqlParserUtil.parseStatements(sql);
        } catch (JSQLParserException e) {
            return ValidationResult.invalid(sql, List.of("the SQL does not parse: " + firstLine(e)));
        }
        if (statements == null || statements.size() != 1) {
            int count = statements == null ? 0 : statements.size();
            return ValidationResult.invalid(sql, List.of("expected exactly one statement, found " + count));
        }
        Statement statement = statements.get(0);
        if (!(statement instanceof Select select)) {
            return ValidationResult.invalid(sql, List.of("only SELECT queries are allowed, got " + kind(statement)));
        }
        List<String> errors = new ArrayList<>(writeErrors(select));
        if (errors.isEmpty()) {
            errors.addAll(nameErrors(select, schema));
        }
        return errors.isEmpty() ? ValidationResult.valid(sql) : ValidationResult.invalid(sql, errors);
    }

    private static List<String> writeErrors(Select select) {
        List<String> errors = new ArrayList<>();
        if (select instanceof PlainSelect plain && (plain.getIntoTables() != null && !plain.getIntoTables().isEmpty())) {
            errors.add("SELECT ... INTO writes a table and is not allowed");
        }
        if (select.getForMode() != null) {
            errors.add("SELECT ... FOR " + select.getForMode() + " locks rows and is not allowed");
        }
        if (select.getWithItemsList() != null) {
            for (WithItem<?> item : select.getWithItemsList()) {
                Object body = item.getParenthesedStatement();
                if (!(body instanceof ParenthesedSelect)) {
                    errors.add("WITH item '" + item.getAliasName() + "' modifies data and is not allowed");
                }
            }
        }
        return errors;
    }

    private static List<String> nameErrors(Select select, DatabaseSchema schema) {
        NameCollector names = new NameCollector();
        Set<String> tableNames = names.getTables((Statement) select);
        List<String> errors = new ArrayList<>();
        List<TableSchema> tables = new ArrayList<>();
        for (String qualified : tableNames) {
            Optional<TableSchema> table = resolveTable(qualified, schema);
            if (table.isPresent()) {
                tables.add(table.get());
            } else {
                errors.add("unknown table '" + qualified + "'; known tables: " + knownTables(schema));
            }
        }
        if (!errors.isEmpty()) {
            return errors; // columns cannot be judged against tables that do not exist
        }
        for (String column : names.columns) {
            if (!names.aliases.contains(column.toLowerCase(Locale.ROOT)) && tables.stream().noneMatch(t -> t.column(column).isPresent())) {
                errors.add("unknown column '" + column + "' (not in " + describe(tables) + ")");
            }
        }
        return errors;
    }

    /** {@code name}, {@code schema.name} or {@code catalog.schema.name}; the qualifier must be the schema read. */
    private static Optional<TableSchema> resolveTable(String qualified, DatabaseSchema schema) {
        String[] parts = qualified.split("\\.");
        String name = Identifiers.unquote(parts[parts.length - 1]);
        if (parts.length >= 2) {
            String qualifier = Identifiers.unquote(parts[parts.length - 2]);
            if (schema.schemaName().isEmpty() || !schema.schemaName().get().equalsIgnoreCase(qualifier)) {
                return Optional.empty();
            }
        }
        return schema.table(name);
    }

    private static String knownTables(DatabaseSchema schema) {
        return String.join(", ", schema.tables().stream().map(TableSchema::name).toList());
    }

    private static String describe(List<TableSchema> tables) {
        if (tables.isEmpty()) {
            return "any table, the query reads none";
        }
        return "tables " + String.join(", ", tables.stream().map(TableSchema::name).toList());
    }

    private static String kind(Statement statement) {
        String name = statement.getClass().getSimpleName();
        String first = statement.toString().strip().split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
        return first.isEmpty() ? name : first;
    }

    private static String firstLine(JSQLParserException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String message = cause.getMessage() == null ? e.toString() : cause.getMessage();
        return message.strip().split("\\R", 2)[0];
    }

    /** Tables (from TablesNamesFinder), plus every column reference and every alias the statement defines. */
    private static final class NameCollector extends TablesNamesFinder<Void> {

        final Set<String> columns = new LinkedHashSet<>();
        final Set<String> aliases = new HashSet<>();

        @Override
        public <S> Void visit(Column column, S context) {
            columns.add(Identifiers.unquote(column.getColumnName()));
            return super.visit(column, context);
        }

        @Override
        public <S> Void visit(PlainSelect plainSelect, S context) {
            for (SelectItem<?> item : plainSelect.getSelectItems()) {
                if (item.getAlias() != null) {
                    aliases.add(Identifiers.unquote(item.getAlias().getName()).toLowerCase(Locale.ROOT));
                }
            }
            return super.visit(plainSelect, context);
        }

        @Override
        public <S> Void visit(WithItem<?> item, S context) {
            if (item.getWithItemList() != null) {
                for (SelectItem<?> column : item.getWithItemList()) {
                    aliases.add(Identifiers.unquote(column.toString()).toLowerCase(Locale.ROOT));
                }
            }
            return super.visit(item, context);
        }
    }
}
