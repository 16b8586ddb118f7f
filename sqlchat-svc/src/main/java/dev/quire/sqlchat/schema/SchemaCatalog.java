package dev.quire.sqlchat.schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.quire.common.QuireException;
import dev.quire.sqlchat.config.SqlChatConfig;
import dev.quire.sqlchat.db.DatabaseRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The schema of each configured database, read on first use and then kept for the life of the process. */
@ApplicationScoped
public class SchemaCatalog {

    private final DatabaseRegistry databases;
    private final SchemaReader reader;
    private final Map<String, DatabaseSchema> cache = new ConcurrentHashMap<>();

    @Inject
    public SchemaCatalog(DatabaseRegistry databases, SqlChatConfig config) {
        this.databases = databases;
        var samples = config.samples();
        this.reader = new SchemaReader(new SampleValueReader(samples.maxDistinct(), samples.scanRows(), samples.maxValueChars(), 5));
    }

    /** @throws QuireException.NotFound for an unknown name, Unavailable when the database cannot be read */
    public DatabaseSchema schema(String database) {
        DatabaseSchema cached = cache.get(database);
        if (cached != null) {
            return cached;
        }
        DatabaseSchema schema = readSchema(database);
        cache.putIfAbsent(database, schema);
        return cache.get(database);
    }

    /** Reads the schema again from the database and replaces the cached copy. */
    public DatabaseSchema refresh(String database) {
        DatabaseSchema schema = readSchema(database);
        cache.put(database, schema);
        return schema;
    }

    /** What to tell a user whose database offers nothing to ask about. */
    public static String noTablesMessage(DatabaseSchema schema) {
        return "database '" + schema.database() + "' has no tables or views in schema '" + schema.schemaName().orElse("(default)")
                + "' to ask about: create tables there, or point quire.sql.databases." + schema.database()
                + ".schema at the schema that holds them, then refresh the schema";
    }

    private DatabaseSchema readSchema(String database) {
        var config = databases.config(database);
        try (Connection connection = databases.open(database)) {
            return reader.read(database, connection, config.schema());
        } catch (SQLException e) {
            throw new QuireException.Unavailable("cannot read the schema of database '" + database + "': " + e.getMessage(), e);
        }
    }
}
