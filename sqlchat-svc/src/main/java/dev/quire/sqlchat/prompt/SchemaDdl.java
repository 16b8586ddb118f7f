package dev.quire.sqlchat.prompt;

import java.util.List;
import java.util.stream.Collectors;

import dev.quire.sqlchat.schema.ColumnSchema;
import dev.quire.sqlchat.schema.DatabaseSchema;
import dev.quire.sqlchat.schema.ForeignKey;
import dev.quire.sqlchat.schema.Identifiers;
import dev.quire.sqlchat.schema.TableSchema;

/**
 * The schema as compact DDL, the form models know best: one CREATE per table with NOT NULL,
 * PRIMARY KEY and FOREIGN KEY ... REFERENCES clauses, remarks as trailing {@code --} comments.
 * This is a serialisation of data, not prompt wording (that lives in the template).
 */
public final class SchemaDdl {

    private SchemaDdl() {
    }

    public static String of(DatabaseSchema schema) {
        return of(schema.tables(), schema.identifierQuote());
    }

    public static String of(List<TableSchema> tables, String quote) {
        return tables.stream().map(t -> table(t, quote)).collect(Collectors.joining("\n\n"));
    }

    static String table(TableSchema table, String quote) {
        StringBuilder ddl = new StringBuilder();
        table.comment().ifPresent(c -> ddl.append("-- ").append(oneLine(c)).append('\n'));
        ddl.append(table.view() ? "CREATE VIEW " : "CREATE TABLE ").append(Identifiers.sql(table.name(), quote)).append(" (\n");
        List<String> lines = new java.util.ArrayList<>();
        for (ColumnSchema column : table.columns()) {
            lines.add("  " + Identifiers.sql(column.name(), quote) + " " + column.type() + (column.nullable() ? "" : " NOT NULL"));
        }
        if (!table.primaryKey().isEmpty()) {
            lines.add("  PRIMARY KEY (" + names(table.primaryKey(), quote) + ")");
        }
        for (ForeignKey key : table.foreignKeys()) {
            lines.add("  FOREIGN KEY (" + names(key.columns(), quote) + ") REFERENCES "
                    + Identifiers.sql(key.referencedTable(), quote) + " (" + names(key.referencedColumns(), quote) + ")");
        }
        for (int i = 0; i < lines.size(); i++) {
            ddl.append(lines.get(i)).append(i < lines.size() - 1 ? "," : "");
            if (i < table.columns().size()) {
                columnNote(table.columns().get(i)).ifPresent(note -> ddl.append(" -- ").append(note));
            }
            ddl.append('\n');
        }
        return ddl.append(");").toString();
    }

    /** The column's remark and, for low-cardinality text columns, its values as SQL literals. */
    private static java.util.Optional<String> columnNote(ColumnSchema column) {
        List<String> parts = new java.util.ArrayList<>();
        column.comment().ifPresent(c -> parts.add(oneLine(c)));
        if (!column.sampleValues().isEmpty()) {
            parts.add("values: " + column.sampleValues().stream().map(v -> "'" + oneLine(v).replace("'", "''") + "'")
                    .collect(Collectors.joining(", ")));
        }
        return parts.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(String.join("; ", parts));
    }

    private static String names(List<String> names, String quote) {
        return names.stream().map(n -> Identifiers.sql(n, quote)).collect(Collectors.joining(", "));
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }
}
