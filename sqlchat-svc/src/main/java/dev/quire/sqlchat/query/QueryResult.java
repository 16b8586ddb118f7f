package dev.quire.sqlchat.query;

import java.util.List;

/**
 * Rows of an executed query, every value rendered as text.
 *
 * @param columns   column labels in select order
 * @param rows      at most the configured row cap; SQL NULL appears as {@link QueryExecutor#NULL_TEXT}
 * @param truncated     true when the query had more rows than were returned
 * @param elapsedMillis time from sending the query to having read the returned rows
 */
public record QueryResult(List<String> columns, List<List<String>> rows, boolean truncated, long elapsedMillis) {

    public QueryResult {
        columns = List.copyOf(columns);
        rows = rows.stream().map(List::copyOf).toList();
    }

    QueryResult withElapsedMillis(long millis) {
        return new QueryResult(columns, rows, truncated, millis);
    }
}
