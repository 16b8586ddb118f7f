package dev.quire.sqlchat.query;

/**
 * SQL that {@link SqlValidator} accepted as a single SELECT over known tables. The constructor is
 * package-private so that {@link QueryExecutor} can only ever run validated text.
 */
public final class ReadOnlyQuery {

    private final String sql;

    ReadOnlyQuery(String sql) {
        this.sql = sql;
    }

    public String sql() {
        return sql;
    }

    @Override
    public String toString() {
        return sql;
    }
}
