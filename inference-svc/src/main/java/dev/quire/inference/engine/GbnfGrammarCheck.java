package dev.quire.inference.engine;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Checks a GBNF grammar the way llama.cpp's grammar parser reads it (rules {@code name ::= ...},
 * literals, character classes, groups, repetitions, comments), that a {@code root} rule exists and
 * that every referenced rule is defined. Needed because llama.cpp, on a grammar it cannot parse,
 * only logs and then generates unconstrained text.
 */
public final class GbnfGrammarCheck {

    private final String src;
    private int pos;
    private final Set<String> defined = new LinkedHashSet<>();
    private final Set<String> referenced = new LinkedHashSet<>();

    private GbnfGrammarCheck(String src) {
        this.src = src;
    }

    /** @throws IllegalArgumentException describing the first problem and where it is */
    public static void check(String grammar) {
        GbnfGrammarCheck check = new GbnfGrammarCheck(grammar);
        check.parse();
        if (!check.defined.contains("root")) {
            throw new IllegalArgumentException("the grammar has no 'root' rule (rules found: " + check.defined + ")");
        }
        for (String name : check.referenced) {
            if (!check.defined.contains(name)) {
                throw new IllegalArgumentException("the grammar uses rule '" + name + "' but never defines it");
            }
        }
    }

    private void parse() {
        space(true);
        while (!atEnd()) {
            rule();
        }
    }

    private void rule() {
        String name = name();
        space(false);
        if (!src.startsWith("::=", pos)) {
            throw error("expected '::=' after rule name '" + name + "'");
        }
        pos += 3;
        space(true);
        alternates(false);
        if (peek() == '\r') {
            pos++;
        }
        if (peek() == '\n') {
            pos++;
        } else if (!atEnd()) {
            throw error("expected a newline or the end after rule '" + name + "'");
        }
        defined.add(name);
        space(true);
    }

    private void alternates(boolean nested) {
        sequence(nested);
        while (peek() == '|') {
            pos++;
            space(true);
            sequence(nested);
        }
    }

    private void sequence(boolean nested) {
        boolean hasItem = false;
        while (!atEnd()) {
            char c = peek();
            if (c == '"') {
                pos++;
                while (peek() != '"') {
                    if (atEnd()) {
                        throw error("unterminated string literal");
                    }
                    character();
                }
                pos++;
                hasItem = true;
            } else if (c == '[') {
                pos++;
                if (peek() == '^') {
                    pos++;
                }
                while (peek() != ']') {
                    if (atEnd()) {
                        throw error("unterminated character class");
                    }
                    character();
                    if (peek() == '-' && pos + 1 < src.length() && src.charAt(pos + 1) != ']') {
                        pos++;
                        character();
                    }
                }
                pos++;
                hasItem = true;
            } else if (isWordChar(c)) {
                referenced.add(name());
                hasItem = true;
                space(nested);
                continue;
            } else if (c == '(') {
                pos++;
                space(true);
                alternates(true);
                if (peek() != ')') {
                    throw error("expected ')'");
                }
                pos++;
                hasItem = true;
            } else if (c == '.') {
                pos++;
                hasItem = true;
            } else if (c == '*' || c == '+' || c == '?') {
                if (!hasItem) {
                    throw error("'" + c + "' has no preceding item to repeat");
                }
                pos++;
            } else if (c == '{') {
                if (!hasItem) {
                    throw error("'{' has no preceding item to repeat");
                }
                pos++;
                space(nested);
                integer();
                space(nested);
                if (peek() == ',') {
                    pos++;
                    space(nested);
                    if (Character.isDigit(peek())) {
                        integer();
                        space(nested);
                    }
                }
                if (peek() != '}') {
                    throw error("expected '}'");
                }
                pos++;
            } else {
                return;
            }
            space(nested);
        }
    }

    private void character() {
        if (peek() == '\\') {
            pos++;
            char e = peek();
            int hex = switch (e) {
                case 'x' -> 2;
                case 'u' -> 4;
                case 'U' -> 8;
                case 't', 'r', 'n', '\\', '"', '[', ']' -> 0;
                default -> throw error("unknown escape '\\" + e + "'");
            };
            pos++;
            for (int i = 0; i < hex; i++) {
                if (Character.digit(peek(), 16) < 0) {
                    throw error("expected " + hex + " hex digits after '\\" + e + "'");
                }
                pos++;
            }
        } else {
            pos += Character.charCount(src.codePointAt(pos));
        }
    }

    private void integer() {
        int start = pos;
        while (Character.isDigit(peek())) {
            pos++;
        }
        if (start == pos) {
            throw error("expected a number");
        }
    }

    private String name() {
        int start = pos;
        while (!atEnd() && isWordChar(peek())) {
            pos++;
        }
        if (start == pos) {
            throw error("expected a rule name");
        }
        return src.substring(start, pos);
    }

    private void space(boolean newlineOk) {
        while (!atEnd()) {
            char c = peek();
            if (c == ' ' || c == '\t' || (newlineOk && (c == '\r' || c == '\n'))) {
                pos++;
            } else if (c == '#') {
                while (!atEnd() && peek() != '\r' && peek() != '\n') {
                    pos++;
                }
            } else {
                return;
            }
        }
    }

    private static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    }

    private boolean atEnd() {
        return pos >= src.length();
    }

    private char peek() {
        return atEnd() ? '\0' : src.charAt(pos);
    }

    private IllegalArgumentException error(String message) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < Math.min(pos, src.length()); i++) {
            if (src.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new IllegalArgumentException(message + " at line " + line + ", column " + column);
    }
}
