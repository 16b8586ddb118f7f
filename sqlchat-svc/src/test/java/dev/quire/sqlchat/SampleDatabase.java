package dev.quire.sqlchat;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.quire.sqlchat.config.SqlChatConfig.DatabaseConfig;
import dev.quire.sqlchat.db.DatabaseRegistry;
import dev.quire.sqlchat.schema.DatabaseSchema;
import dev.quire.sqlchat.schema.SchemaReader;

/** A private copy of the bundled sample shop database (real H2, real script) for plain unit tests. */
public final class SampleDatabase {

    public static final String NAME = "sample";

    private final DatabaseRegistry registry;

    public SampleDatabase() {
        // A unique in-memory name per instance: tests never see each other's data.
        String url = "jdbc:h2:mem:test-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE";
        this.registry = new DatabaseRegistry(Map.of(NAME, new Config(url, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of("sample/shop.sql"))));
    }

    public Connection open() {
        return registry.open(NAME);
    }

    public DatabaseSchema schema() throws SQLException {
        try (Connection connection = open()) {
            return new SchemaReader().read(NAME, connection, Optional.empty());
        }
    }

    public DatabaseRegistry registry() {
        return registry;
    }

    public record Config(String url, Optional<String> user, Optional<String> password, Optional<String> schema,
            Optional<String> initScript) implements DatabaseConfig {

        @Override
        public Optional<java.nio.file.Path> passwordFile() {
            return Optional.empty();
        }
    }
}
