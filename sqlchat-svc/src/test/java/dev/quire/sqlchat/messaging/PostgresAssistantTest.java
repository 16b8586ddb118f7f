package dev.quire.sqlchat.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.quire.proto.events.Envelope;
import dev.quire.proto.events.Row;
import dev.quire.proto.events.SchemaDescription;
import dev.quire.proto.events.SchemaRequest;
import dev.quire.proto.events.SqlExecuteRequest;
import dev.quire.proto.events.SqlExecution;
import dev.quire.proto.events.SqlReply;
import dev.quire.proto.events.SqlRequest;
import dev.quire.proto.events.SqlTableInfo;
import dev.quire.sqlchat.SampleDatabase;
import dev.quire.sqlchat.db.DatabaseRegistry;
import dev.quire.sqlchat.db.SqlScript;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import io.smallrye.reactive.messaging.memory.InMemorySource;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole assistant on a real PostgreSQL database (the sample shop loaded into
 * {@code quire_it_assistant} on 127.0.0.1:5432, dropped afterwards): question in over the Kafka
 * door, PostgreSQL-aware prompt, validated SQL, rows from PostgreSQL; and hand-written SQL.
 */
@QuarkusTest
class PostgresAssistantTest {

    static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    static final String DATABASE = "quire_it_assistant";

    @Inject
    @Any
    InMemoryConnector connector;

    @BeforeAll
    static void createShop() throws Exception {
        try (Connection admin = connect(ADMIN_URL); Statement s = admin.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + DATABASE);
        }
        String script;
        try (InputStream in = PostgresAssistantTest.class.getClassLoader().getResourceAsStream("sample/shop.sql")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection c = connect("jdbc:postgresql://127.0.0.1:5432/" + DATABASE);
                Statement s = c.createStatement()) {
            for (String sql : SqlScript.statements(script)) {
                s.execute(sql);
            }
        }
    }

    @AfterAll
    static void dropShop() throws Exception {
        try (Connection admin = connect(ADMIN_URL); Statement s = admin.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        }
    }

    /** Through a registry, which finds drivers with its own class loader. */
    private static Connection connect(String url) {
        return new DatabaseRegistry(Map.of("admin", new SampleDatabase.Config(url, Optional.of("postgres"), Optional.empty(),
                Optional.empty(), Optional.empty()))).open("admin");
    }

    private Envelope call(String id, Envelope.Builder body) throws Exception {
        InMemorySource<Message<byte[]>> requests = connector.source("sql-requests");
        InMemorySink<byte[]> replies = connector.sink("replies");
        requests.send(Message.of(body.setRequestId(id).setReplyTopic("quire.replies")
                .setDeadlineEpochMs(System.currentTimeMillis() + 60_000).build().toByteArray()));
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < until) {
            for (Message<byte[]> m : replies.received()) {
                Envelope e = Envelope.parseFrom(m.getPayload());
                if (e.getRequestId().equals(id)) {
                    return e;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no reply to " + id);
    }

    @Test
    void aQuestionIsAnsweredWithRowsFromPostgres() throws Exception {
        FakeInferenceService.REQUESTS.clear();
        SqlReply reply = call("pg-1", Envelope.newBuilder().setSqlRequest(SqlRequest.newBuilder().setDatabase("pgshop")
                .setQuestion("What are the three cheapest products?").setExecute(true))).getSqlReply();
        assertTrue(reply.getValid(), reply.getError());
        assertEquals(List.of(List.of("Loose Leaf Tea Sampler", "18.00"), List.of("Ceramic Pour-Over Dripper", "24.50"),
                List.of("Insulated Water Bottle 750 ml", "27.90")), reply.getRowsList().stream().map(Row::getValuesList).toList());
        String prompt = FakeInferenceService.REQUESTS.get(0).getInputs(0).getContents().getBytesContents(0).toStringUtf8();
        assertTrue(prompt.contains("You are an expert PostgreSQL SQL analyst"), prompt);
        assertTrue(prompt.contains("- PostgreSQL: LIMIT n;"), prompt);
        assertTrue(prompt.contains("values: 'cancelled', 'delivered', 'paid', 'pending', 'shipped'"), prompt);
    }

    @Test
    void theCatalogShowsPostgresCommentsAndKeys() throws Exception {
        SchemaDescription schema = call("pg-2", Envelope.newBuilder().setSchemaRequest(SchemaRequest.newBuilder().setDatabase("pgshop")))
                .getSchemaDescription();
        assertEquals("PostgreSQL", schema.getDialect());
        assertEquals("public", schema.getSchemaName());
        SqlTableInfo customers = schema.getTablesList().stream().filter(t -> t.getName().equals("customers")).findFirst().orElseThrow();
        assertEquals("People who have an account in the shop", customers.getComment());
        SqlTableInfo items = schema.getTablesList().stream().filter(t -> t.getName().equals("order_items")).findFirst().orElseThrow();
        assertEquals(List.of("order_id", "product_id"), items.getPrimaryKeyList());
        assertEquals(2, items.getForeignKeysCount());
    }

    @Test
    void handWrittenSqlRunsOnlyWhenValid() throws Exception {
        SqlExecution ok = call("pg-3", Envelope.newBuilder().setSqlExecute(SqlExecuteRequest.newBuilder().setDatabase("pgshop")
                .setSql("WITH t AS (SELECT customer_id, COUNT(*) AS n FROM orders GROUP BY customer_id) "
                        + "SELECT c.last_name, t.n FROM t JOIN customers c ON c.customer_id = t.customer_id ORDER BY t.n DESC, c.last_name LIMIT 1")))
                .getSqlExecution();
        assertTrue(ok.getValidation().getValid());
        assertEquals(List.of("Schmidt", "3"), ok.getRows(0).getValuesList());

        SqlExecution refused = call("pg-4", Envelope.newBuilder().setSqlExecute(SqlExecuteRequest.newBuilder().setDatabase("pgshop")
                .setSql("SELECT pg_sleep(5)"))).getSqlExecution();
        assertFalse(refused.getValidation().getValid());
        assertFalse(refused.getValidation().getReadOnly());
        assertEquals(0, refused.getRowsCount());
    }
}
