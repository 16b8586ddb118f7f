package dev.quire.sqlchat.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Refuses, before any parsing, SQL whose words already say it would write, lock or reach outside
 * the database. It looks only at code (strings and comments blanked, see {@link CodeText}), so
 * a question mentioning "drop" inside a literal passes here and is judged by the parser.
 * This is a first net with clear reasons, not the only one: the parsed statement is checked too.
 */
final class LexicalScreen {

    /** First words of statements that are never read-only (or not plain queries), across the supported dialects. */
    private static final Set<String> FORBIDDEN_LEADING = Set.of(
            "INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT", "REPLACE", "CREATE", "ALTER", "DROP", "TRUNCATE", "RENAME",
            "GRANT", "REVOKE", "COPY", "CALL", "EXEC", "EXECUTE", "DO", "SET", "RESET", "LOAD", "ATTACH", "DETACH", "PRAGMA",
            "VACUUM", "ANALYZE", "REINDEX", "CLUSTER", "LOCK", "UNLOCK", "BEGIN", "START", "COMMIT", "ROLLBACK", "SAVEPOINT",
            "RELEASE", "SHUTDOWN", "KILL", "HANDLER", "INSTALL", "IMPORT", "EXPORT", "CHECKPOINT", "BACKUP", "SCRIPT",
            "RUNSCRIPT", "USE", "DECLARE", "PREPARE", "DEALLOCATE", "LISTEN", "NOTIFY", "UNLISTEN", "REFRESH", "COMMENT",
            "SECURITY", "DISCARD", "SHOW", "DESCRIBE", "DESC", "FLUSH", "PURGE", "OPTIMIZE", "REPAIR", "SOURCE", "UNINSTALL");

    private static final Pattern FIRST_WORD = Pattern.compile("[A-Za-z_]+");
    private static final Pattern INTO_FILE = Pattern.compile("(?i)\\bINTO\\s+(OUTFILE|DUMPFILE)\\b");
    private static final Pattern LOCK_SHARE_MODE = Pattern.compile("(?i)\\bLOCK\\s+IN\\s+SHARE\\s+MODE\\b");
    private static final Pattern FOR_LOCK = Pattern.compile("(?i)\\bFOR\\s+(UPDATE|SHARE|NO\\s+KEY\\s+UPDATE|KEY\\s+SHARE)\\b");
    private static final Pattern SELECT_INTO_VARIABLE = Pattern.compile("(?i)\\bINTO\\s+@");
    private static final Pattern SEMICOLON = Pattern.compile(";");

    private LexicalScreen() {
    }

    static List<Problem> problems(String sql) {
        CodeText text = CodeText.of(sql);
        String code = text.code;
        List<Problem> problems = new ArrayList<>();
        if (text.executableComment) {
            problems.add(Problem.safety("MySQL executable comments (/*! ... */) run their content as SQL and are not allowed",
                    position(sql.indexOf("/*!"))));
        }
        if (text.ambiguousEscape) {
            problems.add(Problem.safety("a string literal contains a backslash before a quote (\\'), which databases read "
                    + "differently (escape or end of string); write a quote inside a string as ''", position(sql.indexOf("\\'"))));
        }
        Matcher first = FIRST_WORD.matcher(code);
        if (first.find() && code.substring(0, first.start()).strip().replace("(", "").isEmpty()) {
            String word = first.group().toUpperCase(Locale.ROOT);
            if (word.equals("EXPLAIN")) {
                explainedStatement(code, first.end()).ifPresent(problems::add);
            } else if (FORBIDDEN_LEADING.contains(word)) {
                problems.add(Problem.safety(word + " statements are not allowed: only one read-only SELECT, WITH ... SELECT "
                        + "or EXPLAIN SELECT may run", position(first.start())));
            }
        }
        find(INTO_FILE, code).ifPresent(at -> problems.add(Problem.safety(
                "SELECT ... INTO OUTFILE/DUMPFILE writes a file on the database server and is not allowed", OptionalInt.of(at))));
        find(SELECT_INTO_VARIABLE, code).ifPresent(at -> problems.add(Problem.safety(
                "SELECT ... INTO @variable assigns session variables and is not allowed", OptionalInt.of(at))));
        find(LOCK_SHARE_MODE, code).ifPresent(at -> problems.add(Problem.safety(
                "LOCK IN SHARE MODE locks rows and is not allowed", OptionalInt.of(at))));
        find(FOR_LOCK, code).ifPresent(at -> problems.add(Problem.safety(
                "SELECT ... FOR UPDATE/SHARE locks rows and is not allowed", OptionalInt.of(at))));
        Matcher semicolon = SEMICOLON.matcher(code);
        while (semicolon.find()) {
            if (!code.substring(semicolon.end()).isBlank()) {
                problems.add(Problem.safety("several statements are not allowed: send exactly one query (text follows the ';')",
                        position(semicolon.start())));
                break;
            }
        }
        return problems;
    }

    /** EXPLAIN options (PostgreSQL, MySQL, SQLite, DuckDB) that may stand between EXPLAIN and the statement. */
    private static final Set<String> EXPLAIN_OPTIONS = Set.of("ANALYZE", "ANALYSE", "VERBOSE", "QUERY", "PLAN", "FORMAT", "TEXT",
            "JSON", "XML", "YAML", "COSTS", "BUFFERS", "TIMING", "SUMMARY", "SETTINGS", "WAL", "TRUE", "FALSE", "ON", "OFF",
            "EXTENDED", "PARTITIONS", "TREE", "TRADITIONAL", "GENERIC_PLAN", "MEMORY", "SERIALIZE", "NONE");

    /** EXPLAIN ANALYZE runs its statement: what follows EXPLAIN must be a query. */
    private static java.util.Optional<Problem> explainedStatement(String code, int from) {
        Matcher word = FIRST_WORD.matcher(code);
        int at = from;
        while (word.find(at)) {
            String next = word.group().toUpperCase(Locale.ROOT);
            if (next.equals("SELECT") || next.equals("WITH") || next.equals("VALUES")) {
                return java.util.Optional.empty();
            }
            if (!EXPLAIN_OPTIONS.contains(next)) {
                return java.util.Optional.of(Problem.safety("only SELECT, WITH ... SELECT or EXPLAIN SELECT is allowed, got EXPLAIN "
                        + next, position(word.start())));
            }
            at = word.end();
        }
        return java.util.Optional.empty();
    }

    private static OptionalInt find(Pattern pattern, String code) {
        Matcher m = pattern.matcher(code);
        return m.find() ? position(m.start()) : OptionalInt.empty();
    }

    static OptionalInt position(int index) {
        return index < 0 ? OptionalInt.empty() : OptionalInt.of(index + 1);
    }
}
