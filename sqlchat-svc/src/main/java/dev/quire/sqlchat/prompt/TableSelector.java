package dev.quire.sqlchat.prompt;

import java.util.List;

import dev.quire.sqlchat.schema.DatabaseSchema;
import dev.quire.sqlchat.schema.TableSchema;

/**
 * Chooses the tables whose DDL goes into a prompt when the whole schema does not fit. The seam
 * for retrieval: {@link LexicalTableSelector} matches words; {@link EmbeddingTableSelector} (question
 * and table descriptions embedded by inference-svc's {@code embedder} model) replaces it as a CDI
 * alternative and falls back to it.
 */
public interface TableSelector {

    /**
     * @param budgetTokens estimated tokens the chosen tables' DDL may take
     * @return the chosen tables, at least one when the schema has any, in schema order
     */
    List<TableSchema> select(DatabaseSchema schema, String question, int budgetTokens);

    /** The chosen tables and what the user should know about how they were chosen. */
    record Selection(List<TableSchema> tables, List<String> warnings) {
        public Selection {
            tables = List.copyOf(tables);
            warnings = List.copyOf(warnings);
        }
    }

    /** Like {@link #select}, with warnings (e.g. that a fallback was used). */
    default Selection choose(DatabaseSchema schema, String question, int budgetTokens) {
        return new Selection(select(schema, question, budgetTokens), List.of());
    }
}
