package dev.quire.sqlchat.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.quire.sqlchat.config.SqlChatConfig;
import dev.quire.sqlchat.prompt.LexicalTableSelector;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Question-to-SQL pairs per database (Vanna's "training pairs"). Kept in memory and, when
 * {@code quire.sql.examples-dir} is set, in one file per database there ({@code NAME.examples}:
 * question and SQL on alternate lines, newlines escaped), read back at start.
 * A pair with the same question as a stored one replaces it.
 */
@ApplicationScoped
public class ExampleStore {

    private final Map<String, List<SqlExamplePair>> byDatabase = new ConcurrentHashMap<>();
    private final Optional<Path> directory;

    @Inject
    public ExampleStore(SqlChatConfig config) {
        this(config.examplesDir());
    }

    public ExampleStore(Optional<Path> directory) {
        this.directory = directory;
    }

    /** Stores the pairs and returns how many the database now has. */
    public synchronized int save(String database, List<SqlExamplePair> pairs) {
        List<SqlExamplePair> stored = new ArrayList<>(all(database));
        for (SqlExamplePair pair : pairs) {
            stored.removeIf(p -> p.question().strip().equalsIgnoreCase(pair.question().strip()));
            stored.add(pair);
        }
        byDatabase.put(database, List.copyOf(stored));
        directory.ifPresent(dir -> write(dir.resolve(database + ".examples"), stored));
        return stored.size();
    }

    public List<SqlExamplePair> all(String database) {
        return byDatabase.computeIfAbsent(database, db -> directory.map(dir -> read(dir.resolve(db + ".examples"))).orElse(List.of()));
    }

    /** The {@code limit} pairs whose questions share the most words with this one; none that share nothing. */
    public List<SqlExamplePair> mostSimilar(String database, String question, int limit) {
        Set<String> words = LexicalTableSelector.wordsOf(question);
        return all(database).stream()
                .map(p -> Map.entry(p, LexicalTableSelector.wordsOf(p.question()).stream().filter(words::contains).count()))
                .filter(e -> e.getValue() > 0)
                .sorted(Comparator.comparing((Map.Entry<SqlExamplePair, Long> e) -> -e.getValue()))
                .limit(limit).map(Map.Entry::getKey).toList();
    }

    private static void write(Path file, List<SqlExamplePair> pairs) {
        StringBuilder text = new StringBuilder();
        for (SqlExamplePair pair : pairs) {
            text.append(escape(pair.question())).append('\n').append(escape(pair.sql())).append('\n');
        }
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store SQL examples in " + file, e);
        }
    }

    private static List<SqlExamplePair> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            List<SqlExamplePair> pairs = new ArrayList<>();
            for (int i = 0; i + 1 < lines.size(); i += 2) {
                pairs.add(new SqlExamplePair(unescape(lines.get(i)), unescape(lines.get(i + 1))));
            }
            return List.copyOf(pairs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read SQL examples from " + file, e);
        }
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }

    private static String unescape(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(++i);
                out.append(next == 'n' ? '\n' : next == 'r' ? '\r' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
