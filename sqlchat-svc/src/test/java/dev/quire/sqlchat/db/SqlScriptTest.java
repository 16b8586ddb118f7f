package dev.quire.sqlchat.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class SqlScriptTest {

    @Test
    void splitsOnSemicolonsOutsideStringsAndDropsLineComments() {
        String script = """
                -- a comment; with a semicolon
                CREATE TABLE t (v VARCHAR(20));
                INSERT INTO t VALUES ('a;b'), ('it''s; fine'); -- trailing
                
                SELECT 1
                """;
        assertEquals(List.of("CREATE TABLE t (v VARCHAR(20))", "INSERT INTO t VALUES ('a;b'), ('it''s; fine')", "SELECT 1"),
                SqlScript.statements(script));
    }
}
