package dev.quire.sqlchat.prompt;

import java.util.List;

import dev.quire.sqlchat.schema.DatabaseSchema;
import dev.quire.sqlchat.schema.TableSchema;

/**
 * Chooses the tables whose DDL goes into a prompt when the whole schema does not fit. The seam
 * for retrieval: {@link LexicalTableSelector} matches words today; an embedding selector (question
 * and table descriptions embedded by inference-svc's {@code embedder} model) can replace it as a
 * CDI alternative without touching the prompt code.
 */
public interface TableSelector {

    /**
     * @param budgetTokens estimated tokens the chosen tables' DDL may take
     * @return the chosen tables, at least one when the schema has any, in schema order
     */
    List<TableSchema> select(DatabaseSchema schema, String question, int budgetTokens);
}
