package dev.quire.sqlchat.schema;

import java.util.Locale;
import java.util.regex.Pattern;

/** Writes catalog names as SQL identifiers, quoting only those an unquoted identifier would not reach. */
public final class Identifiers {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private Identifiers() {
    }

    /**
     * Unquoted when the name is a plain word in one case (databases fold unquoted identifiers to
     * one case); otherwise quoted with the dialect's quote string. Reserved words are not detected yet.
     */
    public static String sql(String name, String quote) {
        boolean oneCase = name.equals(name.toLowerCase(Locale.ROOT)) || name.equals(name.toUpperCase(Locale.ROOT));
        if (PLAIN.matcher(name).matches() && oneCase) {
            return name;
        }
        return quote + name.replace(quote, quote + quote) + quote;
    }

    /** The name inside an identifier as written in SQL: quotes ({@code "x"}, {@code `x`}, {@code [x]}) removed. */
    public static String unquote(String identifier) {
        if (identifier.length() >= 2) {
            char first = identifier.charAt(0);
            char last = identifier.charAt(identifier.length() - 1);
            if ((first == '"' && last == '"') || (first == '`' && last == '`') || (first == '[' && last == ']')) {
                return identifier.substring(1, identifier.length() - 1);
            }
        }
        return identifier;
    }
}
