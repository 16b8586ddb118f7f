package dev.quire.sqlchat.query;

/**
 * SQL with the contents of string literals, quoted identifiers and comments replaced by spaces,
 * so keyword checks never match words inside data or comments and positions stay where they were.
 */
final class CodeText {

    /** The blanked text; same length as the original. */
    final String code;
    /** True when the text has a MySQL executable comment ({@code /*! ... *}{@code /}), which MySQL runs as code. */
    final boolean executableComment;
    /** True when a string, quoted identifier or block comment is still open at the end. */
    final boolean unterminated;
    /**
     * True when a string literal holds a backslash before a quote: MySQL reads {@code \'} as an
     * escaped quote, PostgreSQL as the end of the string, so the statement's boundaries depend on
     * the dialect, which is how multi-statement injections hide.
     */
    final boolean ambiguousEscape;

    private CodeText(String code, boolean executableComment, boolean unterminated, boolean ambiguousEscape) {
        this.code = code;
        this.executableComment = executableComment;
        this.unterminated = unterminated;
        this.ambiguousEscape = ambiguousEscape;
    }

    static CodeText of(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        boolean executable = false;
        boolean ambiguous = false;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            char next = i + 1 < n ? sql.charAt(i + 1) : '\0';
            if (c == '-' && next == '-') {
                int end = sql.indexOf('\n', i);
                end = end < 0 ? n : end;
                blank(out, end - i);
                i = end;
            } else if (c == '/' && next == '*') {
                if (i + 2 < n && sql.charAt(i + 2) == '!') {
                    executable = true;
                }
                int end = sql.indexOf("*/", i + 2);
                if (end < 0) {
                    blank(out, n - i);
                    return new CodeText(out.toString(), executable, true, ambiguous);
                }
                blank(out, end + 2 - i);
                i = end + 2;
            } else if (c == '\'' || c == '"' || c == '`') {
                int end = closing(sql, i, c);
                if (c == '\'' && sql.substring(i, end < 0 ? n : end + 1).contains("\\'")) {
                    ambiguous = true;
                }
                if (end < 0) {
                    out.append(c);
                    blank(out, n - i - 1);
                    return new CodeText(out.toString(), executable, true, ambiguous);
                }
                // Keep the quotes so the token stays visible as one word-like unit.
                out.append(c);
                blank(out, end - i - 1);
                out.append(c);
                i = end + 1;
            } else if (c == '$' && dollarTag(sql, i) != null) {
                String tag = dollarTag(sql, i);
                int end = sql.indexOf(tag, i + tag.length());
                if (end < 0) {
                    blank(out, n - i);
                    return new CodeText(out.toString(), executable, true, ambiguous);
                }
                blank(out, end + tag.length() - i);
                i = end + tag.length();
            } else {
                out.append(c);
                i++;
            }
        }
        return new CodeText(out.toString(), executable, false, ambiguous);
    }

    /** Index of the quote closing the one at {@code start}; a doubled quote is an escaped one. */
    private static int closing(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\\' && quote == '\'' && i + 1 < sql.length()) {
                i += 2; // MySQL-style backslash escape; harmless for dialects without it
                continue;
            }
            if (c == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i;
            }
            i++;
        }
        return -1;
    }

    /** PostgreSQL dollar quoting: {@code $$} or {@code $tag$}; null when {@code $} starts no such tag. */
    private static String dollarTag(String sql, int start) {
        int i = start + 1;
        while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
            i++;
        }
        if (i < sql.length() && sql.charAt(i) == '$' && (i == start + 1 || !Character.isDigit(sql.charAt(start + 1)))) {
            return sql.substring(start, i + 1);
        }
        return null;
    }

    private static void blank(StringBuilder out, int count) {
        out.append(" ".repeat(Math.max(0, count)));
    }
}
