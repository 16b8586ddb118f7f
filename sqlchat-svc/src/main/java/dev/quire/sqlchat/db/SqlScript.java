package dev.quire.sqlchat.db;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a SQL script into statements: on {@code ;} outside single-quoted strings, dropping
 * {@code --} line comments. Enough for the plain DDL/DML scripts that fill embedded databases;
 * not a parser for procedural code (no dollar quoting, no block comments).
 */
public final class SqlScript {

    private SqlScript() {
    }

    public static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inString = false;
        int i = 0;
        while (i < script.length()) {
            char c = script.charAt(i);
            if (!inString && c == '-' && i + 1 < script.length() && script.charAt(i + 1) == '-') {
                int end = script.indexOf('\n', i);
                i = end < 0 ? script.length() : end;
                continue;
            }
            if (c == '\'') {
                inString = !inString; // a doubled '' toggles twice, which keeps us inside the string
            }
            if (!inString && c == ';') {
                addIfNotBlank(statements, current);
                current.setLength(0);
            } else {
                current.append(c);
            }
            i++;
        }
        addIfNotBlank(statements, current);
        return statements;
    }

    private static void addIfNotBlank(List<String> statements, StringBuilder statement) {
        String text = statement.toString().strip();
        if (!text.isEmpty()) {
            statements.add(text);
        }
    }
}
