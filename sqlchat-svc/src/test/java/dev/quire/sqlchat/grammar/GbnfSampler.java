package dev.quire.sqlchat.grammar;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A small GBNF reader for tests: parses the subset SchemaGrammar writes (literals with escapes,
 * character classes with ranges, rule references, groups, alternatives, ?, *, + and {m,n}) the way
 * llama.cpp reads it, fails on anything it cannot parse or on an undefined rule, and draws random
 * sentences from the grammar.
 */
public final class GbnfSampler {

    private sealed interface Node permits Lit, CharClass, Ref, Seq, Alt, Repeat {
    }

    private record Lit(String text) implements Node {
    }

    private record CharClass(List<char[]> ranges) implements Node {
    }

    private record Ref(String name) implements Node {
    }

    private record Seq(List<Node> items) implements Node {
    }

    private record Alt(List<Node> options) implements Node {
    }

    private record Repeat(Node node, int min, int max) implements Node {
    }

    final Map<String, Node> rules = new HashMap<>();
    private String src;
    private int pos;

    public GbnfSampler(String grammar) {
        for (String line : grammar.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            int def = line.indexOf(" ::= ");
            if (def < 0) {
                throw new IllegalArgumentException("not a rule: " + line);
            }
            String name = line.substring(0, def);
            if (!name.matches("[a-zA-Z0-9-]+")) {
                throw new IllegalArgumentException("bad rule name: " + name);
            }
            if (rules.containsKey(name)) {
                throw new IllegalArgumentException("rule defined twice: " + name);
            }
            src = line.substring(def + 5);
            pos = 0;
            Node body = alternatives();
            skipSpaces();
            if (pos != src.length()) {
                throw new IllegalArgumentException("unparsed rest in rule " + name + ": " + src.substring(pos));
            }
            rules.put(name, body);
        }
        if (!rules.containsKey("root")) {
            throw new IllegalArgumentException("no root rule");
        }
        rules.values().forEach(this::checkRefs);
    }

    public String sample(Random random) {
        StringBuilder out = new StringBuilder();
        emit(rules.get("root"), random, out);
        return out.toString();
    }

    private void checkRefs(Node node) {
        if (node instanceof Ref r && !rules.containsKey(r.name())) {
            throw new IllegalArgumentException("undefined rule: " + r.name());
        } else if (node instanceof Seq s) {
            s.items().forEach(this::checkRefs);
        } else if (node instanceof Alt a) {
            a.options().forEach(this::checkRefs);
        } else if (node instanceof Repeat r) {
            checkRefs(r.node());
        }
    }

    private void emit(Node node, Random random, StringBuilder out) {
        if (node instanceof Lit l) {
            out.append(l.text());
        } else if (node instanceof CharClass c) {
            char[] range = c.ranges().get(random.nextInt(c.ranges().size()));
            out.append((char) (range[0] + random.nextInt(range[1] - range[0] + 1)));
        } else if (node instanceof Ref r) {
            emit(rules.get(r.name()), random, out);
        } else if (node instanceof Seq s) {
            s.items().forEach(item -> emit(item, random, out));
        } else if (node instanceof Alt a) {
            emit(a.options().get(random.nextInt(a.options().size())), random, out);
        } else if (node instanceof Repeat r) {
            int count = r.min() + random.nextInt(Math.min(r.max(), r.min() + 4) - r.min() + 1);
            for (int i = 0; i < count; i++) {
                emit(r.node(), random, out);
            }
        }
    }

    private Node alternatives() {
        List<Node> options = new ArrayList<>();
        options.add(sequence());
        skipSpaces();
        while (pos < src.length() && src.charAt(pos) == '|') {
            pos++;
            options.add(sequence());
            skipSpaces();
        }
        return options.size() == 1 ? options.get(0) : new Alt(options);
    }

    private Node sequence() {
        List<Node> items = new ArrayList<>();
        while (true) {
            skipSpaces();
            if (pos >= src.length() || src.charAt(pos) == '|' || src.charAt(pos) == ')') {
                break;
            }
            items.add(quantified(atom()));
        }
        if (items.isEmpty()) {
            throw new IllegalArgumentException("empty alternative at " + pos + " in " + src);
        }
        return items.size() == 1 ? items.get(0) : new Seq(items);
    }

    private Node atom() {
        char c = src.charAt(pos);
        if (c == '"') {
            pos++;
            StringBuilder text = new StringBuilder();
            while (src.charAt(pos) != '"') {
                text.append(escapedChar());
            }
            pos++;
            return new Lit(text.toString());
        }
        if (c == '[') {
            pos++;
            if (src.charAt(pos) == '^') {
                throw new IllegalArgumentException("negated classes are not sampled by this test reader");
            }
            List<char[]> ranges = new ArrayList<>();
            while (src.charAt(pos) != ']') {
                char from = escapedChar();
                char to = from;
                if (src.charAt(pos) == '-' && src.charAt(pos + 1) != ']') {
                    pos++;
                    to = escapedChar();
                }
                ranges.add(new char[] {from, to});
            }
            pos++;
            return new CharClass(ranges);
        }
        if (c == '(') {
            pos++;
            Node inner = alternatives();
            skipSpaces();
            if (src.charAt(pos) != ')') {
                throw new IllegalArgumentException("unclosed group in " + src);
            }
            pos++;
            return inner;
        }
        int start = pos;
        while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '-')) {
            pos++;
        }
        if (start == pos) {
            throw new IllegalArgumentException("unexpected '" + c + "' at " + pos + " in " + src);
        }
        return new Ref(src.substring(start, pos));
    }

    private Node quantified(Node atom) {
        if (pos >= src.length()) {
            return atom;
        }
        char c = src.charAt(pos);
        if (c == '?') {
            pos++;
            return new Repeat(atom, 0, 1);
        }
        if (c == '*') {
            pos++;
            return new Repeat(atom, 0, Integer.MAX_VALUE);
        }
        if (c == '+') {
            pos++;
            return new Repeat(atom, 1, Integer.MAX_VALUE);
        }
        if (c == '{') {
            int end = src.indexOf('}', pos);
            String[] bounds = src.substring(pos + 1, end).split(",", -1);
            pos = end + 1;
            int min = Integer.parseInt(bounds[0].strip());
            int max = bounds.length == 1 ? min : bounds[1].isBlank() ? Integer.MAX_VALUE : Integer.parseInt(bounds[1].strip());
            return new Repeat(atom, min, max);
        }
        return atom;
    }

    private char escapedChar() {
        char c = src.charAt(pos++);
        if (c != '\\') {
            return c;
        }
        char e = src.charAt(pos++);
        return switch (e) {
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case '\\', '"', '[', ']', '-' -> e;
            default -> throw new IllegalArgumentException("unknown escape \\" + e);
        };
    }

    private void skipSpaces() {
        while (pos < src.length() && src.charAt(pos) == ' ') {
            pos++;
        }
    }
}
