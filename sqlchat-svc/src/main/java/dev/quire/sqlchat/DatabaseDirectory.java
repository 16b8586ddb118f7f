package dev.quire.sqlchat;

import dev.quire.common.QuireException;
import dev.quire.proto.events.DatabaseInfo;
import dev.quire.proto.events.DatabaseList;
import dev.quire.sqlchat.db.DatabaseRegistry;
import dev.quire.sqlchat.schema.SchemaCatalog;
import jakarta.enterprise.context.ApplicationScoped;

/** The databases this assistant answers about, with their dialect or why one cannot be used now. */
@ApplicationScoped
public class DatabaseDirectory {

    private final DatabaseRegistry databases;
    private final SchemaCatalog catalog;

    public DatabaseDirectory(DatabaseRegistry databases, SchemaCatalog catalog) {
        this.databases = databases;
        this.catalog = catalog;
    }

    public DatabaseList list() {
        DatabaseList.Builder list = DatabaseList.newBuilder();
        for (String name : databases.names().stream().sorted().toList()) {
            DatabaseInfo.Builder info = DatabaseInfo.newBuilder().setName(name);
            try {
                info.setDialect(catalog.schema(name).productName());
            } catch (QuireException e) {
                info.setProblem(e.getMessage());
            }
            list.addDatabases(info);
        }
        return list.build();
    }
}
