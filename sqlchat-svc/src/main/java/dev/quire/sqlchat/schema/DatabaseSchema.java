package dev.quire.sqlchat.schema;

import java.util.List;
import java.util.Optional;

/**
 * What the model and the validator know about one database.
 *
 * @param database        the configured name of the database
 * @param productName     DatabaseMetaData product name, e.g. {@code H2} or {@code PostgreSQL}: the SQL dialect
 * @param productVersion  DatabaseMetaData product version
 * @param schemaName      the schema the tables were read from, if the database has schemas
 * @param identifierQuote the dialect's string for quoting identifiers, e.g. {@code "} or {@code `}
 * @param tables          tables and views, sorted by name
 */
public record DatabaseSchema(String database, String productName, String productVersion, Optional<String> schemaName,
        String identifierQuote, List<TableSchema> tables) {

    public DatabaseSchema {
        tables = List.copyOf(tables);
    }

    /** The table with this name, compared case-insensitively as unquoted SQL identifiers are. */
    public Optional<TableSchema> table(String tableName) {
        return tables.stream().filter(t -> t.name().equalsIgnoreCase(tableName)).findFirst();
    }
}
