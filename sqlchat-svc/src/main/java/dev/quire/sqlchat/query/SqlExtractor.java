package dev.quire.sqlchat.query;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pulls the SQL out of what a model wrote: the first fenced code block if there is one, otherwise
 * the text from the first SELECT/WITH keyword (all of it when there is none), in both cases cut at the first {@code ;} that is
 * not inside a string literal (so a second statement never reaches the validator as "one query").
 */
public final class SqlExtractor {

    private static final Pattern FENCE = Pattern.compile("```[A-Za-z0-9_-]*[ \\t]*\\n?(.*?)(```|$)", Pattern.DOTALL);
    private static final Pattern QUERY_START = Pattern.compile("\\b(SELECT|WITH)\\b", Pattern.CASE_INSENSITIVE);

    private SqlExtractor() {
    }

    public static String extract(String modelText) {
        String text = modelText == null ? "" : modelText;
        Matcher fence = FENCE.matcher(text);
        if (fence.find()) {
            text = fence.group(1);
        }
        Matcher start = QUERY_START.matcher(text);
        if (start.find()) {
            text = text.substring(start.start());
        }
        return cutAtFirstSemicolon(text).strip();
    }

    private static String cutAtFirstSemicolon(String text) {
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'') {
                inString = !inString;
            } else if (c == ';' && !inString) {
                return text.substring(0, i);
            }
        }
        return text;
    }
}
