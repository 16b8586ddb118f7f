package dev.quire.sqlchat.query;

import java.util.List;

/**
 * Rows of an executed query, every value rendered as text.
 *
 * @param columns   column labels in select order
 * @param rows      at most the configured row cap; SQL NULL appears as {@link QueryExecutor#NULL_TEXT}
 * @param truncated true when the query had more rows than were returned
 */
public record QueryResult(List<String> columns, List<List<String>> rows, boolean truncated) {

    public QueryResult {
        columns = List.copyOf(columns);
        rows = rows.stream().map(List::copyOf).toList();
    }
}
