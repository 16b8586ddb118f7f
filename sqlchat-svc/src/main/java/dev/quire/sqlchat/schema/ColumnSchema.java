package dev.quire.sqlchat.schema;

import java.util.List;
import java.util.Optional;

/**
 * One column as the database describes it.
 *
 * @param name         column name as stored in the catalog
 * @param type         SQL type with size/precision where it matters, e.g. {@code CHARACTER VARYING(50)}
 * @param nullable     false when the column is declared NOT NULL
 * @param comment      the column's remark, if any
 * @param sampleValues all distinct values of a low-cardinality text column (so the model writes
 *                     {@code status = 'shipped'}, not {@code 'Shipped'}); empty for other columns
 */
public record ColumnSchema(String name, String type, boolean nullable, Optional<String> comment, List<String> sampleValues) {

    public ColumnSchema {
        sampleValues = List.copyOf(sampleValues);
    }

    public ColumnSchema(String name, String type, boolean nullable, Optional<String> comment) {
        this(name, type, nullable, comment, List.of());
    }

    public ColumnSchema withSampleValues(List<String> values) {
        return new ColumnSchema(name, type, nullable, comment, values);
    }

    /** Character types, whose values the model must spell exactly. */
    public boolean isText() {
        String upper = type.toUpperCase(java.util.Locale.ROOT);
        return (upper.contains("CHAR") || upper.contains("TEXT") || upper.contains("STRING") || upper.equals("ENUM"))
                && !upper.contains("LARGE");
    }
}
