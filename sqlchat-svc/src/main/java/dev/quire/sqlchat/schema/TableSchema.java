package dev.quire.sqlchat.schema;

import java.util.List;
import java.util.Optional;

/**
 * A table or view.
 *
 * @param name        table name as stored in the catalog
 * @param view        true for views
 * @param columns     columns in declaration order
 * @param primaryKey  primary key columns in key order, empty when there is none
 * @param foreignKeys foreign keys of this table
 * @param comment     the table's remark, if any
 */
public record TableSchema(String name, boolean view, List<ColumnSchema> columns, List<String> primaryKey,
        List<ForeignKey> foreignKeys, Optional<String> comment) {

    public TableSchema {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        foreignKeys = List.copyOf(foreignKeys);
    }

    /** The column with this name, compared case-insensitively as unquoted SQL identifiers are. */
    public Optional<ColumnSchema> column(String columnName) {
        return columns.stream().filter(c -> c.name().equalsIgnoreCase(columnName)).findFirst();
    }
}
