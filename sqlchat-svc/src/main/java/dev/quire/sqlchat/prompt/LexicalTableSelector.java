package dev.quire.sqlchat.prompt;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.quire.sqlchat.schema.ColumnSchema;
import dev.quire.sqlchat.schema.DatabaseSchema;
import dev.quire.sqlchat.schema.ForeignKey;
import dev.quire.sqlchat.schema.TableSchema;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Ranks tables by the words they share with the question (table name counts most, more so when
 * the question covers all of it, then column names, then comments and sample values), takes the best ones with their foreign-key neighbours
 * (so the joins the model needs are there), and fills the rest of the budget by rank.
 */
@ApplicationScoped
public class LexicalTableSelector implements TableSelector {

    private static final Set<String> STOP_WORDS = Set.of("the", "a", "an", "of", "in", "on", "for", "to", "and", "or", "by",
            "with", "what", "which", "who", "how", "many", "much", "is", "are", "was", "were", "do", "does", "did", "show", "list",
            "me", "all", "each", "per", "from", "that", "have", "has", "their", "its", "than", "more", "most", "least", "give",
            "find", "get", "number", "count", "total", "top", "there", "any", "ever", "it", "be", "been");

    @Override
    public List<TableSchema> select(DatabaseSchema schema, String question, int budgetTokens) {
        Set<String> words = words(question);
        List<TableSchema> ranked = new ArrayList<>(schema.tables());
        ranked.sort(Comparator.comparingDouble((TableSchema t) -> -score(t, words)).thenComparing(TableSchema::name));
        Set<TableSchema> chosen = new LinkedHashSet<>();
        int[] used = {0};
        if (!ranked.isEmpty() && score(ranked.get(0), words) > 0) {
            // The best match goes in even when it alone exceeds the budget: without it the question cannot be answered.
            chosen.add(ranked.get(0));
            used[0] += TokenEstimate.of(SchemaDdl.table(ranked.get(0), schema.identifierQuote())) + 1;
        }
        for (TableSchema table : ranked) {
            if (score(table, words) <= 0) {
                break;
            }
            addIfFits(table, chosen, used, budgetTokens, schema.identifierQuote());
            for (TableSchema neighbour : neighbours(table, schema)) {
                addIfFits(neighbour, chosen, used, budgetTokens, schema.identifierQuote());
            }
        }
        for (TableSchema table : ranked) {
            addIfFits(table, chosen, used, budgetTokens, schema.identifierQuote());
        }
        if (chosen.isEmpty() && !ranked.isEmpty()) {
            chosen.add(ranked.get(0)); // even an oversized table beats an empty schema
        }
        return schema.tables().stream().filter(chosen::contains).toList();
    }

    private static void addIfFits(TableSchema table, Set<TableSchema> chosen, int[] used, int budget, String quote) {
        if (chosen.contains(table)) {
            return;
        }
        int cost = TokenEstimate.of(SchemaDdl.table(table, quote)) + 1;
        if (used[0] + cost <= budget) {
            chosen.add(table);
            used[0] += cost;
        }
    }

    /** Tables this one references and tables that reference it. */
    static List<TableSchema> neighbours(TableSchema table, DatabaseSchema schema) {
        Set<TableSchema> out = new LinkedHashSet<>();
        for (ForeignKey key : table.foreignKeys()) {
            schema.table(key.referencedTable()).ifPresent(out::add);
        }
        for (TableSchema other : schema.tables()) {
            if (other.foreignKeys().stream().anyMatch(k -> k.referencedTable().equalsIgnoreCase(table.name()))) {
                out.add(other);
            }
        }
        out.remove(table);
        return new ArrayList<>(out);
    }

    static double score(TableSchema table, Set<String> questionWords) {
        // A name the question covers whole ("orders") beats one it covers in part ("order_items").
        Set<String> nameWords = words(table.name());
        int named = overlap(nameWords, questionWords);
        double score = nameWords.isEmpty() ? 0 : 3.0 * named / nameWords.size() + (named == nameWords.size() ? 1 : 0);
        Set<String> columnWords = new HashSet<>();
        Set<String> otherWords = new HashSet<>();
        table.comment().ifPresent(c -> otherWords.addAll(words(c)));
        for (ColumnSchema column : table.columns()) {
            columnWords.addAll(words(column.name()));
            column.comment().ifPresent(c -> otherWords.addAll(words(c)));
            column.sampleValues().forEach(v -> otherWords.addAll(words(v)));
        }
        return score + overlap(columnWords, questionWords) + 0.5 * overlap(otherWords, questionWords);
    }

    private static int overlap(Set<String> a, Set<String> b) {
        int n = 0;
        for (String w : a) {
            if (b.contains(w)) {
                n++;
            }
        }
        return n;
    }

    /** Lower-case word stems: split on non-letters and on snake_case/camelCase, plural endings dropped. */
    public static Set<String> wordsOf(String text) {
        return words(text);
    }

    static Set<String> words(String text) {
        Set<String> out = new LinkedHashSet<>();
        String spaced = text.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
        for (String word : spaced.split("[^\\p{L}\\p{N}]+")) {
            if (word.length() < 2 || STOP_WORDS.contains(word)) {
                continue;
            }
            out.add(stem(word));
        }
        return out;
    }

    private static String stem(String word) {
        if (word.endsWith("ies") && word.length() > 4) {
            return word.substring(0, word.length() - 3) + "y";
        }
        if (word.endsWith("sses") || word.endsWith("ches") || word.endsWith("shes") || word.endsWith("xes")) {
            return word.substring(0, word.length() - 2);
        }
        if (word.endsWith("s") && !word.endsWith("ss") && word.length() > 3) {
            return word.substring(0, word.length() - 1);
        }
        return word;
    }
}
