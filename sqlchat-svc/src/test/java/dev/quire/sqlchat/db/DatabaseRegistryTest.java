package dev.quire.sqlchat.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Map;
import java.util.Optional;

import dev.quire.common.QuireException;
import dev.quire.sqlchat.SampleDatabase;
import org.junit.jupiter.api.Test;

class DatabaseRegistryTest {

    @Test
    void unknownNameListsTheKnownDatabases() {
        DatabaseRegistry registry = new SampleDatabase().registry();
        var e = assertThrows(QuireException.NotFound.class, () -> registry.open("shop"));
        assertEquals("unknown database 'shop'; known: sample", e.getMessage());
    }

    @Test
    void unreachableDatabaseIsUnavailableWithoutShowingTheUrlOrPassword() {
        DatabaseRegistry registry = new DatabaseRegistry(Map.of("remote", new SampleDatabase.Config(
                "jdbc:h2:tcp://127.0.0.1:1/nowhere", Optional.of("admin"), Optional.of("s3cret-pass"), Optional.empty(), Optional.empty())));
        var e = assertThrows(QuireException.Unavailable.class, () -> registry.open("remote"));
        assertTrue(e.getMessage().startsWith("database 'remote' cannot be reached: "), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret-pass"), e.getMessage());
    }

    @Test
    void initScriptRunsOnceAndFillsTheSample() throws Exception {
        SampleDatabase sample = new SampleDatabase();
        try (Connection first = sample.open(); Connection second = sample.open();
                ResultSet rs = second.createStatement().executeQuery("SELECT COUNT(*) FROM customers")) {
            rs.next();
            assertEquals(15, rs.getInt(1), "a second run of the script would still give 15, but a failed one 0");
        }
    }

    @Test
    void thePasswordFileIsReadAndNeverShown(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path secret = dir.resolve("pg-password");
        java.nio.file.Files.writeString(secret, "s3cret-from-file\n");
        DatabaseRegistry registry = new DatabaseRegistry(Map.of("pg", new WithPasswordFile(
                "jdbc:postgresql://127.0.0.1:1/nowhere", Optional.of(secret))));
        var down = assertThrows(QuireException.Unavailable.class, () -> registry.open("pg"));
        assertFalse(down.getMessage().contains("s3cret"), down.getMessage());

        DatabaseRegistry missing = new DatabaseRegistry(Map.of("pg", new WithPasswordFile(
                "jdbc:postgresql://127.0.0.1:5432/postgres", Optional.of(dir.resolve("absent")))));
        var e = assertThrows(QuireException.Unavailable.class, () -> missing.open("pg"));
        assertTrue(e.getMessage().contains("password file") && e.getMessage().contains("cannot be read"), e.getMessage());
    }

    record WithPasswordFile(String url, Optional<java.nio.file.Path> passwordFile) implements dev.quire.sqlchat.config.SqlChatConfig.DatabaseConfig {
        @Override
        public Optional<String> user() {
            return Optional.of("postgres");
        }

        @Override
        public Optional<String> password() {
            return Optional.of("inline-password-ignored");
        }

        @Override
        public Optional<String> schema() {
            return Optional.empty();
        }

        @Override
        public Optional<String> initScript() {
            return Optional.empty();
        }
    }
}
