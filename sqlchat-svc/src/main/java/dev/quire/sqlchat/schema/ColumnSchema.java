package dev.quire.sqlchat.schema;

import java.util.Optional;

/**
 * One column as the database describes it.
 *
 * @param name     column name as stored in the catalog
 * @param type     SQL type with size/precision where it matters, e.g. {@code CHARACTER VARYING(50)}
 * @param nullable false when the column is declared NOT NULL
 * @param comment  the column's remark, if any
 */
public record ColumnSchema(String name, String type, boolean nullable, Optional<String> comment) {
}
