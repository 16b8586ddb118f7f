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
}
