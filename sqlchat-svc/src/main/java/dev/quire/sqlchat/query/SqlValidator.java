package dev.quire.sqlchat.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

import dev.quire.sqlchat.schema.DatabaseSchema;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.statement.ExplainStatement;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.Select;

/**
 * Decides whether SQL may run. In order: a lexical screen for words that write, lock or reach
 * outside (with reasons even when the text does not parse); JSqlParser must read exactly one
 * statement, a SELECT, WITH ... SELECT or EXPLAIN of one; no forbidden function, sequence,
 * variable or parameter anywhere in it; and every table and column resolves against the schema
 * through aliases, CTEs and subqueries ({@link NameResolver}).
 */
public final class SqlValidator {

    /** "net.sf.jsqlparser.parser.ParseException: " in front of the parser's message. */
    private static final java.util.regex.Pattern JAVA_EXCEPTION_PREFIX = java.util.regex.Pattern.compile("^([a-z]\\w*\\.)+\\w*(Exception|Error): ");

    /** Longest SQL text judged; longer text is refused before parsing (the parser's time grows with it). */
    public static final int MAX_SQL_CHARS = 20_000;

    public ValidationResult validate(String sql, DatabaseSchema schema) {
        if (sql == null || sql.isBlank()) {
            return ValidationResult.unparsable(sql == null ? "" : sql, Problem.schema("no SQL query was produced", OptionalInt.empty()));
        }
        if (sql.length() > MAX_SQL_CHARS) {
            return ValidationResult.unparsable(sql, Problem.schema("the SQL has " + sql.length() + " characters; the limit is "
                    + MAX_SQL_CHARS, OptionalInt.empty()));
        }
        List<Problem> screened = LexicalScreen.problems(sql);
        if (!screened.isEmpty()) {
            return ValidationResult.invalid(sql, screened);
        }
        Statements statements;
        try {
            statements = CCJSqlParserUtil.parseStatements(sql);
        } catch (JSQLParserException e) {
            return ValidationResult.unparsable(sql, Problem.schema("the SQL does not parse: " + firstLine(e), parsePosition(e, sql)));
        }
        if (statements == null || statements.size() != 1) {
            int count = statements == null ? 0 : statements.size();
            return ValidationResult.invalid(sql, List.of(Problem.safety("expected exactly one statement, found " + count,
                    OptionalInt.empty())));
        }
        Statement statement = statements.get(0);
        Select select;
        if (statement instanceof Select s) {
            select = s;
        } else if (statement instanceof ExplainStatement explain && explain.getStatement() != null) {
            select = explain.getStatement();
        } else {
            return ValidationResult.invalid(sql, List.of(Problem.safety("only SELECT, WITH ... SELECT or EXPLAIN SELECT is allowed, got "
                    + kind(statement), OptionalInt.of(1))));
        }
        List<Problem> problems = new ArrayList<>();
        dataModifyingWith(select).ifPresent(problems::add);
        if (!problems.isEmpty()) {
            return ValidationResult.invalid(sql, problems);
        }
        StatementInventory inventory;
        try {
            inventory = StatementInventory.of(statement);
        } catch (RuntimeException e) {
            // The walker does not know this construct: what cannot be inspected does not run.
            return ValidationResult.invalid(sql, List.of(Problem.safety("the query uses a construct the validator cannot inspect ("
                    + e.getMessage() + ")", OptionalInt.empty())));
        }
        for (String function : inventory.functions) {
            ForbiddenFunctions.reason(function).ifPresent(reason -> problems.add(Problem.safety(
                    "function " + function + "() is not allowed: it " + reason, position(sql, function))));
        }
        for (String sideEffect : inventory.sideEffects) {
            problems.add(Problem.safety(sideEffect, OptionalInt.empty()));
        }
        problems.addAll(new NameResolver(schema, sql).resolve(select, inventory.columns));
        return problems.isEmpty() ? ValidationResult.valid(sql) : ValidationResult.invalid(sql, problems);
    }

    /** WITH x AS (DELETE ... RETURNING ...) SELECT: the parser accepts it, the database would run the write. */
    private static Optional<Problem> dataModifyingWith(Select select) {
        if (select.getWithItemsList() == null) {
            return Optional.empty();
        }
        return select.getWithItemsList().stream().filter(item -> !(item.getParenthesedStatement() instanceof ParenthesedSelect))
                .findFirst().map(item -> Problem.safety("WITH item '" + item.getAliasName() + "' modifies data and is not allowed",
                        OptionalInt.empty()));
    }

    private static String kind(Statement statement) {
        String first = statement.toString().strip().split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
        String type = statement.getClass().getSimpleName().toUpperCase(Locale.ROOT);
        if (first.equals("WITH")) {
            return type + " (after WITH)"; // WITH ... DELETE is a DELETE: name what it does, not how it starts
        }
        return first.isEmpty() ? type : first;
    }

    /** The parser's first line, without the Java class name it wraps it in. */
    private static String firstLine(JSQLParserException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String message = cause.getMessage() == null ? e.toString() : cause.getMessage();
        return JAVA_EXCEPTION_PREFIX.matcher(message.strip().split("\\R", 2)[0]).replaceFirst("");
    }

    /** The offset of the token the parser stumbled on, from its line and column. */
    private static OptionalInt parsePosition(JSQLParserException e, String sql) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ParseException parse && parse.currentToken != null) {
                Token bad = parse.currentToken.next != null ? parse.currentToken.next : parse.currentToken;
                return offset(sql, bad.beginLine, bad.beginColumn);
            }
        }
        return OptionalInt.empty();
    }

    private static OptionalInt offset(String sql, int line, int column) {
        if (line < 1 || column < 1) {
            return OptionalInt.empty();
        }
        int index = 0;
        for (int l = 1; l < line; l++) {
            index = sql.indexOf('\n', index);
            if (index < 0) {
                return OptionalInt.empty();
            }
            index++;
        }
        return index + column - 1 < sql.length() ? OptionalInt.of(index + column) : OptionalInt.empty();
    }

    private static OptionalInt position(String sql, String word) {
        int at = sql.toLowerCase(Locale.ROOT).indexOf(word.toLowerCase(Locale.ROOT));
        return at < 0 ? OptionalInt.empty() : OptionalInt.of(at + 1);
    }
}
