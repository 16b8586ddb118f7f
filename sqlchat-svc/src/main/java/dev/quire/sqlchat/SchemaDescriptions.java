package dev.quire.sqlchat;

import dev.quire.proto.events.SchemaDescription;
import dev.quire.proto.events.SqlColumnInfo;
import dev.quire.proto.events.SqlForeignKeyInfo;
import dev.quire.proto.events.SqlTableInfo;
import dev.quire.sqlchat.schema.ColumnSchema;
import dev.quire.sqlchat.schema.DatabaseSchema;
import dev.quire.sqlchat.schema.SchemaCatalog;
import dev.quire.sqlchat.schema.TableSchema;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The schema catalog as the API shows it. */
@ApplicationScoped
public class SchemaDescriptions {

    private final SchemaCatalog catalog;

    @Inject
    public SchemaDescriptions(SchemaCatalog catalog) {
        this.catalog = catalog;
    }

    public SchemaDescription describe(String database, boolean refresh) {
        DatabaseSchema schema = refresh ? catalog.refresh(database) : catalog.schema(database);
        SchemaDescription.Builder out = SchemaDescription.newBuilder().setDatabase(database).setDialect(schema.productName())
                .setDialectVersion(schema.productVersion()).setSchemaName(schema.schemaName().orElse(""));
        for (TableSchema table : schema.tables()) {
            SqlTableInfo.Builder t = SqlTableInfo.newBuilder().setName(table.name()).setView(table.view())
                    .setComment(table.comment().orElse("")).addAllPrimaryKey(table.primaryKey());
            for (ColumnSchema column : table.columns()) {
                t.addColumns(SqlColumnInfo.newBuilder().setName(column.name()).setType(column.type()).setNullable(column.nullable())
                        .setComment(column.comment().orElse("")).addAllSampleValues(column.sampleValues()));
            }
            table.foreignKeys().forEach(k -> t.addForeignKeys(SqlForeignKeyInfo.newBuilder().addAllColumns(k.columns())
                    .setReferencedTable(k.referencedTable()).addAllReferencedColumns(k.referencedColumns())));
            out.addTables(t);
        }
        if (schema.tables().isEmpty()) {
            out.setNote(SchemaCatalog.noTablesMessage(schema));
        }
        return out.build();
    }
}
