package dev.quire.sqlchat.prompt;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

import dev.quire.common.QuireException;
import dev.quire.common.inference.EmbeddingClient;
import dev.quire.sqlchat.config.SqlChatConfig;
import dev.quire.sqlchat.schema.ColumnSchema;
import dev.quire.sqlchat.schema.DatabaseSchema;
import dev.quire.sqlchat.schema.TableSchema;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Chooses tables by meaning: the question and each table's description (name, comment, column
 * names) are embedded by inference-svc's {@code embedder}; tables are ranked by cosine similarity,
 * the best few bring their foreign-key neighbours (the joins), and the rest of the budget is
 * filled by rank. Table vectors are cached per schema (a refreshed schema is a new object and is
 * embedded again). When the embedder cannot answer, word matching ({@link LexicalTableSelector})
 * chooses instead and the reply says so.
 */
@ApplicationScoped
@Alternative
@Priority(1)
public class EmbeddingTableSelector implements TableSelector {

    private static final Logger LOG = Logger.getLogger(EmbeddingTableSelector.class);

    /** Warning prefix of a reply whose tables were chosen by word matching because the embedder failed. */
    public static final String FALLBACK_WARNING = "tables for the prompt were chosen by word matching, the embedder is unavailable: ";

    private final EmbeddingClient embedder;
    private final LexicalTableSelector lexical;
    private final SqlChatConfig.TableSelection config;
    private final Map<DatabaseSchema, Map<String, float[]>> tableVectors = Collections.synchronizedMap(new WeakHashMap<>());

    @Inject
    public EmbeddingTableSelector(EmbeddingClient embedder, LexicalTableSelector lexical, SqlChatConfig config) {
        this.embedder = embedder;
        this.lexical = lexical;
        this.config = config.tableSelection();
    }

    @Override
    public List<TableSchema> select(DatabaseSchema schema, String question, int budgetTokens) {
        return choose(schema, question, budgetTokens).tables();
    }

    @Override
    public Selection choose(DatabaseSchema schema, String question, int budgetTokens) {
        if (config.strategy() == SqlChatConfig.TableSelection.Strategy.LEXICAL || schema.tables().isEmpty()) {
            return lexical.choose(schema, question, budgetTokens);
        }
        Map<String, Double> similarity;
        try {
            similarity = similarities(schema, question);
        } catch (QuireException e) {
            LOG.warnf("Embedding table selection for '%s' fell back to word matching: %s", schema.database(), e.getMessage());
            return new Selection(lexical.select(schema, question, budgetTokens), List.of(FALLBACK_WARNING + e.getMessage()));
        }
        List<TableSchema> ranked = new ArrayList<>(schema.tables());
        ranked.sort(Comparator.comparingDouble((TableSchema t) -> -similarity.get(t.name())).thenComparing(TableSchema::name));
        return new Selection(fit(schema, ranked, budgetTokens), List.of());
    }

    /** Cosine similarity of the question to every table, by table name. */
    Map<String, Double> similarities(DatabaseSchema schema, String question) {
        Instant deadline = Instant.now().plus(config.embeddingTimeout());
        Map<String, float[]> tables = tableVectors.get(schema);
        if (tables == null) {
            List<float[]> vectors = embedder.embed(schema.tables().stream().map(EmbeddingTableSelector::description).toList(), deadline);
            tables = new HashMap<>();
            for (int i = 0; i < vectors.size(); i++) {
                tables.put(schema.tables().get(i).name(), vectors.get(i));
            }
            tableVectors.put(schema, tables);
        }
        float[] asked = embedder.embed(List.of(question), deadline).get(0);
        Map<String, Double> out = new HashMap<>();
        tables.forEach((name, vector) -> out.put(name, cosine(asked, vector)));
        return out;
    }

    private List<TableSchema> fit(DatabaseSchema schema, List<TableSchema> ranked, int budget) {
        Set<TableSchema> chosen = new LinkedHashSet<>();
        int[] used = {0};
        // The best match goes in even when it alone exceeds the budget: without it the question cannot be answered.
        chosen.add(ranked.get(0));
        used[0] += cost(ranked.get(0), schema);
        for (TableSchema table : ranked.subList(0, Math.min(ranked.size(), config.neighboursOfTop()))) {
            addIfFits(table, schema, chosen, used, budget);
            for (TableSchema neighbour : LexicalTableSelector.neighbours(table, schema)) {
                addIfFits(neighbour, schema, chosen, used, budget);
            }
        }
        for (TableSchema table : ranked) {
            addIfFits(table, schema, chosen, used, budget);
        }
        return schema.tables().stream().filter(chosen::contains).toList();
    }

    private static void addIfFits(TableSchema table, DatabaseSchema schema, Set<TableSchema> chosen, int[] used, int budget) {
        if (!chosen.contains(table) && used[0] + cost(table, schema) <= budget) {
            chosen.add(table);
            used[0] += cost(table, schema);
        }
    }

    private static int cost(TableSchema table, DatabaseSchema schema) {
        return TokenEstimate.of(SchemaDdl.table(table, schema.identifierQuote())) + 1;
    }

    /** What a table is about, in words an embedder reads well: snake_case becomes spaces. */
    static String description(TableSchema table) {
        StringBuilder text = new StringBuilder(words(table.name()));
        table.comment().ifPresent(c -> text.append(": ").append(c));
        text.append(". Columns: ");
        List<String> columns = new ArrayList<>();
        for (ColumnSchema column : table.columns()) {
            columns.add(words(column.name()) + column.comment().map(c -> " (" + c + ")").orElse(""));
        }
        return text.append(String.join(", ", columns)).toString();
    }

    private static String words(String identifier) {
        return identifier.replace('_', ' ').replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
    }

    static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new QuireException(dev.quire.proto.events.Failure.Code.INTERNAL,
                    "the embedder returned vectors of " + a.length + " and " + b.length + " dimensions");
        }
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            normA += a[i] * a[i];
            normB += b[i] * b[i];
        }
        return normA == 0 || normB == 0 ? 0 : dot / Math.sqrt(normA * normB);
    }
}
