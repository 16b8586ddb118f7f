package dev.quire.sqlchat.schema;

import java.util.List;

/**
 * A foreign key of a table: its columns reference the same number of columns of another table.
 *
 * @param columns           referencing columns of the owning table, in key order
 * @param referencedTable   the table referenced
 * @param referencedColumns referenced columns, in the same order as {@code columns}
 */
public record ForeignKey(List<String> columns, String referencedTable, List<String> referencedColumns) {

    public ForeignKey {
        columns = List.copyOf(columns);
        referencedColumns = List.copyOf(referencedColumns);
    }
}
