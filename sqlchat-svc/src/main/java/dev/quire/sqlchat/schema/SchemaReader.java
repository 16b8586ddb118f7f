package dev.quire.sqlchat.schema;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads tables, views, columns, keys and remarks through JDBC {@link DatabaseMetaData}, so the
 * same code serves every database with a JDBC driver.
 */
public final class SchemaReader {

    /** Table types asked for: "BASE TABLE" is how H2 2.x and some others name plain tables. */
    private static final String[] TABLE_TYPES = {"TABLE", "BASE TABLE", "VIEW", "PARTITIONED TABLE", "MATERIALIZED VIEW"};

    private final SampleValueReader samples;

    /** With the default sample-value limits: at most 12 distinct values among the first 10,000 rows. */
    public SchemaReader() {
        this(new SampleValueReader(12, 10_000, 60, 5));
    }

    public SchemaReader(SampleValueReader samples) {
        this.samples = samples;
    }

    /**
     * @param database the configured name, carried into the result
     * @param schema   schema to read; the connection's current schema when empty
     */
    public DatabaseSchema read(String database, Connection connection, Optional<String> schema) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        String catalog = connection.getCatalog();
        Optional<String> schemaName = schema.or(() -> currentSchema(connection));
        String schemaPattern = schemaName.orElse(null);
        List<TableSchema> tables = new ArrayList<>();
        try (ResultSet rs = meta.getTables(catalog, schemaPattern, "%", TABLE_TYPES)) {
            while (rs.next()) {
                String name = rs.getString("TABLE_NAME");
                boolean view = rs.getString("TABLE_TYPE").toUpperCase(Locale.ROOT).contains("VIEW");
                Optional<String> comment = remark(rs.getString("REMARKS"));
                tables.add(new TableSchema(name, view,
                        columns(meta, catalog, schemaPattern, name),
                        primaryKey(meta, catalog, schemaPattern, name),
                        foreignKeys(meta, catalog, schemaPattern, name),
                        comment));
            }
        }
        tables.sort(Comparator.comparing(TableSchema::name));
        String quote = Optional.ofNullable(meta.getIdentifierQuoteString()).map(String::strip).filter(q -> !q.isEmpty()).orElse("\"");
        tables.replaceAll(t -> samples.withSamples(connection, t, schema, quote));
        return new DatabaseSchema(database, meta.getDatabaseProductName(), meta.getDatabaseProductVersion(), schemaName, quote, tables);
    }

    private static Optional<String> currentSchema(Connection connection) {
        try {
            return Optional.ofNullable(connection.getSchema());
        } catch (SQLException | AbstractMethodError e) {
            return Optional.empty(); // drivers without schema support (SQLite, old MySQL)
        }
    }

    private static List<ColumnSchema> columns(DatabaseMetaData meta, String catalog, String schema, String table) throws SQLException {
        Map<Integer, ColumnSchema> byPosition = new TreeMap<>();
        try (ResultSet rs = meta.getColumns(catalog, schema, table, "%")) {
            while (rs.next()) {
                String typeName = rs.getString("TYPE_NAME");
                int size = rs.getInt("COLUMN_SIZE");
                boolean sizeKnown = !rs.wasNull();
                int digits = rs.getInt("DECIMAL_DIGITS");
                boolean digitsKnown = !rs.wasNull();
                String type = typeWithSize(typeName, sizeKnown ? size : null, digitsKnown ? digits : null);
                boolean nullable = rs.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls;
                byPosition.put(rs.getInt("ORDINAL_POSITION"),
                        new ColumnSchema(rs.getString("COLUMN_NAME"), type, nullable, remark(rs.getString("REMARKS"))));
            }
        }
        return new ArrayList<>(byPosition.values());
    }

    /** Size matters to the model only for character and exact numeric types. */
    static String typeWithSize(String typeName, Integer size, Integer digits) {
        String upper = typeName.toUpperCase(Locale.ROOT);
        if (size != null && size > 0 && upper.contains("CHAR") && !upper.contains("LARGE")) {
            return typeName + "(" + size + ")";
        }
        if (size != null && size > 0 && (upper.equals("DECIMAL") || upper.equals("NUMERIC"))) {
            return typeName + "(" + size + (digits != null ? "," + digits : "") + ")";
        }
        return typeName;
    }

    private static List<String> primaryKey(DatabaseMetaData meta, String catalog, String schema, String table) throws SQLException {
        Map<Integer, String> bySequence = new TreeMap<>();
        try (ResultSet rs = meta.getPrimaryKeys(catalog, schema, table)) {
            while (rs.next()) {
                bySequence.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME"));
            }
        }
        return new ArrayList<>(bySequence.values());
    }

    /** One row of getImportedKeys: a column pair of a (possibly composite) foreign key. */
    private record KeyPart(int sequence, String column, String referencedTable, String referencedColumn) {
    }

    private static List<ForeignKey> foreignKeys(DatabaseMetaData meta, String catalog, String schema, String table) throws SQLException {
        // Grouped by constraint name (falling back to the referenced table) so composite keys stay whole.
        Map<String, List<KeyPart>> parts = new LinkedHashMap<>();
        try (ResultSet rs = meta.getImportedKeys(catalog, schema, table)) {
            while (rs.next()) {
                String referenced = rs.getString("PKTABLE_NAME");
                String key = Optional.ofNullable(rs.getString("FK_NAME")).orElse(referenced);
                parts.computeIfAbsent(key, k -> new ArrayList<>()).add(new KeyPart(
                        rs.getInt("KEY_SEQ"), rs.getString("FKCOLUMN_NAME"), referenced, rs.getString("PKCOLUMN_NAME")));
            }
        }
        List<ForeignKey> keys = new ArrayList<>();
        for (List<KeyPart> columns : parts.values()) {
            columns.sort(Comparator.comparingInt(KeyPart::sequence));
            keys.add(new ForeignKey(columns.stream().map(KeyPart::column).toList(), columns.get(0).referencedTable(),
                    columns.stream().map(KeyPart::referencedColumn).toList()));
        }
        keys.sort(Comparator.comparing(k -> String.join(",", k.columns())));
        return keys;
    }

    private static Optional<String> remark(String remarks) {
        return Optional.ofNullable(remarks).map(String::strip).filter(r -> !r.isEmpty());
    }
}
