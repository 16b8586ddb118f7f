package dev.quire.sqlchat.query;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.quire.common.QuireException;

/**
 * Runs a validated query defensively: read-only connection, no autocommit and a rollback at the
 * end (so even a driver that ignores the read-only hint, like H2, commits nothing), a query timeout
 * bounded by the request's remaining time, and a row cap.
 */
public final class QueryExecutor {

    /**
     * How SQL NULL is rendered: the reply's rows are plain strings (the proto has no null marker),
     * and "NULL" is told apart from an empty string, which is a real value in most databases.
     */
    public static final String NULL_TEXT = "NULL";

    /** What limits a query's time unless the statement timeout is shorter, as messages name it. */
    static final String REQUEST_DEADLINE = "the time left before the request's deadline";

    /** SQLSTATE of a statement cancelled by its timeout (PostgreSQL). */
    private static final String QUERY_CANCELED = "57014";

    /**
     * @param connection an open connection owned by the caller (it stays open)
     * @param maxRows    rows returned at most; one more is fetched to know whether to set {@code truncated}
     * @param timeLeft   the request's remaining time; the statement timeout is this, rounded up to whole seconds
     * @throws SQLException when the database rejects or fails the query (the caller may feed it back to the model)
     * @throws QuireException.DeadlineExceeded when no time is left or the query timed out
     */
    public QueryResult execute(Connection connection, ReadOnlyQuery query, int maxRows, Duration timeLeft) throws SQLException {
        return execute(connection, query, maxRows, timeLeft, REQUEST_DEADLINE);
    }

    /** @param whatLimits what set {@code timeLeft}, for the message when the query runs out of it */
    public QueryResult execute(Connection connection, ReadOnlyQuery query, int maxRows, Duration timeLeft, String whatLimits) throws SQLException {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be at least 1, got " + maxRows);
        }
        if (timeLeft.isNegative() || timeLeft.isZero()) {
            throw new QuireException.DeadlineExceeded("no time left to execute the query before the request's deadline");
        }
        markReadOnly(connection);
        connection.setAutoCommit(false);
        long started = System.nanoTime();
        int timeoutSeconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (timeLeft.toMillis() + 999) / 1000));
        String ranOut = "the query did not finish within " + timeoutSeconds + " s (" + whatLimits + ") and was cancelled";
        try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(timeoutSeconds);
            statement.setMaxRows(maxRows + 1);
            try (ResultSet rs = statement.executeQuery(query.sql())) {
                QueryResult rows = read(rs, maxRows);
                return rows.withElapsedMillis((System.nanoTime() - started) / 1_000_000);
            }
        } catch (SQLTimeoutException e) {
            throw new QuireException.DeadlineExceeded(ranOut);
        } catch (SQLException e) {
            if (QUERY_CANCELED.equals(e.getSQLState())) { // PostgreSQL reports its statement timeout this way
                throw new QuireException.DeadlineExceeded(ranOut);
            }
            throw e;
        } finally {
            connection.rollback();
        }
    }

    /**
     * Asks for a read-only transaction (PostgreSQL: setReadOnly gives BEGIN READ ONLY; MariaDB/MySQL:
     * SET SESSION TRANSACTION READ ONLY, since their driver's setReadOnly changes nothing on the server). SQLite and DuckDB fix read-only mode when the connection opens and
     * refuse the call (SQLite also gets PRAGMA query_only); DatabaseRegistry opens them read-only for queries, so that refusal is fine
     * when the connection already is read-only, and the validator plus the final rollback still stand.
     */
    private static void markReadOnly(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT);
        if (product.contains("mariadb") || product.contains("mysql")) {
            // MariaDB Connector/J treats setReadOnly as a routing hint only: ask the server itself.
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET SESSION TRANSACTION READ ONLY");
            }
        } else if (product.contains("sqlite")) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA query_only = 1"); // on top of the read-only open mode
            }
        }
        try {
            connection.setReadOnly(true);
        } catch (SQLException e) {
            boolean readOnly;
            try {
                readOnly = connection.isReadOnly();
            } catch (SQLException ignored) {
                readOnly = false;
            }
            if (!readOnly && !product.contains("duckdb")) {
                throw e;
            }
        }
    }

    private static QueryResult read(ResultSet rs, int maxRows) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        int count = meta.getColumnCount();
        List<String> columns = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            columns.add(meta.getColumnLabel(i));
        }
        List<List<String>> rows = new ArrayList<>();
        boolean truncated = false;
        while (rs.next()) {
            if (rows.size() == maxRows) {
                truncated = true;
                break;
            }
            List<String> row = new ArrayList<>(count);
            for (int i = 1; i <= count; i++) {
                String value = rs.getString(i);
                row.add(value == null ? NULL_TEXT : value);
            }
            rows.add(row);
        }
        return new QueryResult(columns, rows, truncated, 0);
    }
}
