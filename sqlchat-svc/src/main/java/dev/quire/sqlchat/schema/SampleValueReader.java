package dev.quire.sqlchat.schema;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the distinct values of low-cardinality text columns (status, country, type, ...): a
 * column qualifies when, among its first {@code scanRows} non-null values, there are at most
 * {@code maxDistinct} distinct ones and each repeats on average (distinct * 2 <= rows), which
 * leaves out names, e-mails and other near-unique columns. Each probe is one bounded query with
 * a timeout; a column that cannot be probed simply gets no samples.
 */
public final class SampleValueReader {

    private final int maxDistinct;
    private final int scanRows;
    private final int maxValueChars;
    private final int timeoutSeconds;

    public SampleValueReader(int maxDistinct, int scanRows, int maxValueChars, int timeoutSeconds) {
        if (maxDistinct < 1 || scanRows < 1 || maxValueChars < 1 || timeoutSeconds < 1) {
            throw new IllegalArgumentException("sample value limits must be positive");
        }
        this.maxDistinct = maxDistinct;
        this.scanRows = scanRows;
        this.maxValueChars = maxValueChars;
        this.timeoutSeconds = timeoutSeconds;
    }

    public TableSchema withSamples(Connection connection, TableSchema table, Optional<String> schemaName, String quote) {
        if (table.view()) {
            return table; // a view may be expensive to scan
        }
        List<ColumnSchema> columns = new ArrayList<>();
        for (ColumnSchema column : table.columns()) {
            columns.add(column.isText() ? column.withSampleValues(probe(connection, table, column, schemaName, quote)) : column);
        }
        return new TableSchema(table.name(), table.view(), columns, table.primaryKey(), table.foreignKeys(), table.comment());
    }

    private List<String> probe(Connection connection, TableSchema table, ColumnSchema column, Optional<String> schemaName, String quote) {
        String col = Identifiers.sql(column.name(), quote);
        String from = schemaName.map(s -> Identifiers.sql(s, quote) + ".").orElse("") + Identifiers.sql(table.name(), quote);
        // LIMIT is understood by every supported database (PostgreSQL, MySQL/MariaDB, SQLite, H2, DuckDB).
        String sql = "SELECT v, COUNT(*) FROM (SELECT " + col + " AS v FROM " + from + " WHERE " + col + " IS NOT NULL LIMIT "
                + scanRows + ") s GROUP BY v ORDER BY COUNT(*) DESC, v LIMIT " + (maxDistinct + 1);
        List<String> values = new ArrayList<>();
        long rows = 0;
        try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(timeoutSeconds);
            try (ResultSet rs = statement.executeQuery(sql)) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                    rows += rs.getLong(2);
                }
            }
        } catch (SQLException e) {
            return List.of();
        }
        if (values.isEmpty() || values.size() > maxDistinct || values.size() * 2L > rows
                || values.stream().anyMatch(v -> v == null || v.length() > maxValueChars)) {
            return List.of();
        }
        return values.stream().sorted().toList();
    }
}
