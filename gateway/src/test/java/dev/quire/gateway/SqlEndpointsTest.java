package dev.quire.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.quire.common.messaging.Envelopes;
import dev.quire.gateway.mesh.ReplyGate;
import dev.quire.gateway.mesh.ReplyPartitions;
import dev.quire.proto.events.Envelope;
import dev.quire.proto.events.Failure;
import dev.quire.proto.events.Row;
import dev.quire.proto.events.SchemaDescription;
import dev.quire.proto.events.SqlColumnInfo;
import dev.quire.proto.events.SqlExamplesSaved;
import dev.quire.proto.events.SqlExecution;
import dev.quire.proto.events.SqlForeignKeyInfo;
import dev.quire.proto.events.SqlProblem;
import dev.quire.proto.events.SqlTableInfo;
import dev.quire.proto.events.SqlValidation;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import io.smallrye.reactive.messaging.memory.InMemorySource;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SQL endpoints added for hand-written SQL, schemas and examples: each travels as its own
 * envelope body over (in-memory) Kafka, and the reply or failure becomes the documented JSON.
 * The test plays sqlchat-svc with canned replies; sqlchat-svc's own tests cover the real answers.
 */
@QuarkusTest
@QuarkusTestResource(InMemoryMesh.class)
class SqlEndpointsTest {

    @Inject
    @Any
    InMemoryConnector connector;

    @Inject
    ReplyPartitions replyPartitions;

    @BeforeEach
    void openReplyGate() {
        ReplyGate.open(replyPartitions);
        connector.sink("sql-requests").clear();
    }

    @Test
    void validateReturnsVerdictAndPositions() {
        answerNextRequest(request -> Envelopes.replyTo(request).setSqlValidation(SqlValidation.newBuilder().setValid(false)
                .setReadOnly(true).addErrors(SqlProblem.newBuilder().setMessage("unknown column 'colour' (not in products)").setPosition(8))
                .addErrors(SqlProblem.newBuilder().setMessage("somewhere"))));
        given().contentType(ContentType.JSON).body("{\"database\":\"sample\",\"sql\":\"SELECT colour FROM products\"}")
                .post("/v1/sql/validate")
                .then().statusCode(200)
                .body("valid", equalTo(false))
                .body("readOnly", equalTo(true))
                .body("errors[0].message", equalTo("unknown column 'colour' (not in products)"))
                .body("errors[0].position", equalTo(8))
                .body("errors[1].position", nullValue());
        Envelope sent = onlyRequest();
        assertEquals("sample", sent.getSqlValidate().getDatabase());
        assertEquals("SELECT colour FROM products", sent.getSqlValidate().getSql());
    }

    @Test
    void executeReturnsTheGrid() {
        answerNextRequest(request -> Envelopes.replyTo(request).setSqlExecution(SqlExecution.newBuilder()
                .setValidation(SqlValidation.newBuilder().setValid(true).setReadOnly(true))
                .addColumns("name").addRows(Row.newBuilder().addValues("Kitchen")).setTruncated(true).setElapsedMs(12)));
        given().contentType(ContentType.JSON).body("{\"database\":\"sample\",\"sql\":\"SELECT name FROM categories\"}")
                .post("/v1/sql/execute")
                .then().statusCode(200)
                .body("columns", equalTo(List.of("name")))
                .body("rows[0][0]", equalTo("Kitchen"))
                .body("truncated", equalTo(true))
                .body("elapsedMs", equalTo(12));
        assertEquals("SELECT name FROM categories", onlyRequest().getSqlExecute().getSql());
    }

    @Test
    void refusedSqlIs400WithEveryReason() {
        answerNextRequest(request -> Envelopes.replyTo(request).setSqlExecution(SqlExecution.newBuilder()
                .setValidation(SqlValidation.newBuilder().setValid(false).setReadOnly(false)
                        .addErrors(SqlProblem.newBuilder().setMessage("DROP statements are not allowed").setPosition(1)))));
        given().contentType(ContentType.JSON).body("{\"database\":\"sample\",\"sql\":\"DROP TABLE customers\"}")
                .post("/v1/sql/execute")
                .then().statusCode(400)
                .body("error.code", equalTo("INVALID_ARGUMENT"))
                .body("error.message", containsString("DROP statements are not allowed"))
                .body("readOnly", equalTo(false))
                .body("errors[0].message", equalTo("DROP statements are not allowed"))
                .body("errors[0].position", equalTo(1));
    }

    @Test
    void unknownDatabaseIs404() {
        answerNextRequest(request -> Envelopes.replyTo(request)
                .setFailure(Envelopes.failure(Failure.Code.NOT_FOUND, "unknown database 'nope'; known: sample")));
        given().get("/v1/databases/nope/schema")
                .then().statusCode(404).body("error.code", equalTo("NOT_FOUND")).body("error.message", containsString("known: sample"));
    }

    @Test
    void schemaIsDescribedAndRefreshable() {
        answerNextRequest(request -> Envelopes.replyTo(request).setSchemaDescription(SchemaDescription.newBuilder()
                .setDatabase("sample").setDialect("H2").setDialectVersion("2.3").setSchemaName("public")
                .addTables(SqlTableInfo.newBuilder().setName("orders").addPrimaryKey("order_id")
                        .addColumns(SqlColumnInfo.newBuilder().setName("status").setType("VARCHAR(20)").setComment("One of ...")
                                .addSampleValues("paid").addSampleValues("shipped"))
                        .addColumns(SqlColumnInfo.newBuilder().setName("customer_id").setType("INTEGER").setNullable(false))
                        .addForeignKeys(SqlForeignKeyInfo.newBuilder().addColumns("customer_id").setReferencedTable("customers")
                                .addReferencedColumns("customer_id")))));
        given().post("/v1/databases/sample/schema/refresh")
                .then().statusCode(200)
                .body("dialect", equalTo("H2"))
                .body("tables[0].name", equalTo("orders"))
                .body("tables[0].primaryKey", equalTo(List.of("order_id")))
                .body("tables[0].columns[0].sampleValues", equalTo(List.of("paid", "shipped")))
                .body("tables[0].columns[1].sampleValues", nullValue())
                .body("tables[0].foreignKeys[0].referencedTable", equalTo("customers"))
                .body("note", nullValue());
        Envelope sent = onlyRequest();
        assertEquals("sample", sent.getSchemaRequest().getDatabase());
        assertTrue(sent.getSchemaRequest().getRefresh());
    }

    @Test
    void anEmptySchemaCarriesItsNote() {
        answerNextRequest(request -> Envelopes.replyTo(request).setSchemaDescription(SchemaDescription.newBuilder()
                .setDatabase("empty").setDialect("H2").setNote("database 'empty' has no tables or views in schema 'PUBLIC'")));
        given().get("/v1/databases/empty/schema").then().statusCode(200)
                .body("tables", equalTo(List.of())).body("note", containsString("no tables"));
    }

    @Test
    void examplesAreForwarded() {
        answerNextRequest(request -> Envelopes.replyTo(request).setSqlExamplesSaved(SqlExamplesSaved.newBuilder().setSaved(1).setTotal(4)));
        given().contentType(ContentType.JSON)
                .body("{\"examples\":[{\"question\":\"Pending orders?\",\"sql\":\"SELECT order_id FROM orders WHERE status = 'pending'\"}]}")
                .post("/v1/databases/sample/examples")
                .then().statusCode(200).body("saved", equalTo(1)).body("total", equalTo(4));
        Envelope sent = onlyRequest();
        assertEquals("sample", sent.getSaveSqlExamples().getDatabase());
        assertEquals("Pending orders?", sent.getSaveSqlExamples().getExamples(0).getQuestion());
    }

    @Test
    void badInputIsRejectedBeforeKafkaWithTheLimit() {
        given().contentType(ContentType.JSON).body("{\"database\":\"sample\",\"sql\":\"" + "x".repeat(20001) + "\"}")
                .post("/v1/sql/validate").then().statusCode(400).body("error.message", containsString("the limit is 20000"));
        given().contentType(ContentType.JSON).body("{\"database\":\"sample\",\"sql\":\" \"}")
                .post("/v1/sql/execute").then().statusCode(400).body("error.message", containsString("sql is required"));
        given().contentType(ContentType.JSON).body("{\"sql\":\"SELECT 1\"}")
                .post("/v1/sql/execute").then().statusCode(400).body("error.message", containsString("database is required"));
        given().contentType(ContentType.JSON).body("{\"examples\":[]}")
                .post("/v1/databases/sample/examples").then().statusCode(400).body("error.message", containsString("at least one"));
        given().contentType(ContentType.JSON).body("{\"examples\":[{\"question\":\"q\"}]}")
                .post("/v1/databases/sample/examples").then().statusCode(400)
                .body("error.message", containsString("examples[0].sql is required"));
        assertTrue(connector.sink("sql-requests").received().isEmpty());
    }

    @Test
    void generateStreamsChunksInOrderThenTheResultAsServerSentEvents() {
        answerNextRequestWith(request -> List.of(
                chunk(request, 0, "SELECT name"), chunk(request, 1, ", price\nFROM"),
                chunk(request, 1, ", price\nFROM"), // a redelivered duplicate is dropped
                chunk(request, 2, " products"), Envelopes.replyTo(request).setChunk(dev.quire.proto.events.Chunk.newBuilder()
                        .setSequence(3).setLast(true)).build(),
                Envelopes.replyTo(request).setSqlReply(dev.quire.proto.events.SqlReply.newBuilder()
                        .setSql("SELECT name, price FROM products").setValid(true).setAttempts(1)).build()));
        String events = given().contentType(ContentType.JSON).accept("text/event-stream")
                .body("{\"database\":\"sample\",\"question\":\"Prices?\"}")
                .post("/v1/sql/generate")
                .then().statusCode(200).contentType(containsString("text/event-stream"))
                .extract().asString();
        String requestId = onlyRequest().getRequestId();
        assertTrue(onlyRequest().getSqlRequest().getStream(), "sqlchat-svc is asked to stream");
        assertEquals("event: chunk\ndata: {\"text\":\"SELECT name\"}\n\n"
                + "event: chunk\ndata: {\"text\":\", price\\nFROM\"}\n\n"
                + "event: chunk\ndata: {\"text\":\" products\"}\n\n"
                + "event: chunk\ndata: {\"text\":\"\"}\n\n"
                + "event: result\ndata: {\"requestId\":\"" + requestId + "\",\"sql\":\"SELECT name, price FROM products\","
                + "\"valid\":true,\"attempts\":1,\"warnings\":[]}\n\n", events);
    }

    /**
     * The first chunk reaches the HTTP client while sqlchat-svc is still "generating": the double
     * sends the result only after the client has read that chunk, so a buffered response would
     * never complete (the request's own deadline would turn it into an error event instead).
     */
    @Test
    void eachChunkIsFlushedToTheClientBeforeTheAnswerIsComplete() throws Exception {
        java.util.concurrent.CountDownLatch firstChunkRead = new java.util.concurrent.CountDownLatch(1);
        InMemorySink<byte[]> sink = connector.sink("sql-requests");
        InMemorySource<Message<byte[]>> replies = connector.source("replies");
        CompletableFuture<Void> sqlchat = CompletableFuture.runAsync(() -> {
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (sink.received().isEmpty() && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            Envelope request = parse(sink.received().get(0).getPayload());
            replies.send(Message.of(chunk(request, 0, "SELECT 1").toByteArray()));
            try {
                if (!firstChunkRead.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    return; // the chunk never reached the client: no result, the test fails on the error event
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            replies.send(Message.of(Envelopes.replyTo(request).setSqlReply(dev.quire.proto.events.SqlReply.newBuilder()
                    .setSql("SELECT 1").setValid(true).setAttempts(1)).build().toByteArray()));
        });
        java.net.http.HttpResponse<java.util.stream.Stream<String>> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + io.restassured.RestAssured.port
                                + "/v1/sql/generate"))
                        .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                "{\"database\":\"sample\",\"question\":\"One?\",\"timeoutMs\":15000}"))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofLines());
        java.util.Iterator<String> lines = response.body().iterator();
        assertEquals("event: chunk", lines.next());
        assertEquals("data: {\"text\":\"SELECT 1\"}", lines.next());
        firstChunkRead.countDown();
        assertEquals("", lines.next());
        assertEquals("event: result", lines.next());
        assertTrue(lines.next().contains("\"sql\":\"SELECT 1\""));
        sqlchat.join();
    }

    @Test
    void aStreamBodyFlagAlsoStreamsAndAFailureBecomesAnErrorEvent() {
        answerNextRequestWith(request -> List.of(chunk(request, 0, "SELECT"),
                Envelopes.replyTo(request).setFailure(Envelopes.failure(Failure.Code.NOT_FOUND, "unknown database 'nope'")).build()));
        String events = given().contentType(ContentType.JSON)
                .body("{\"database\":\"nope\",\"question\":\"Prices?\",\"stream\":true}")
                .post("/v1/sql/generate")
                .then().statusCode(200).contentType(containsString("text/event-stream"))
                .extract().asString();
        assertEquals("event: chunk\ndata: {\"text\":\"SELECT\"}\n\n"
                + "event: error\ndata: {\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"unknown database 'nope'\"}}\n\n", events);
    }

    @Test
    void badInputToAStreamedGenerateIsStillA400JsonErrorBeforeAnyEvent() {
        given().contentType(ContentType.JSON).accept("text/event-stream")
                .body("{\"database\":\"sample\",\"question\":\"" + "x".repeat(4001) + "\"}")
                .post("/v1/sql/generate")
                .then().statusCode(400).contentType(ContentType.JSON)
                .body("error.code", equalTo("INVALID_ARGUMENT"))
                .body("error.message", containsString("the limit is 4000"));
        assertTrue(connector.sink("sql-requests").received().isEmpty(), "nothing was sent to sqlchat-svc");
    }

    @Test
    void aPlainGenerateIgnoresChunksAndAnswersJson() {
        answerNextRequestWith(request -> List.of(chunk(request, 0, "SELECT 1"),
                Envelopes.replyTo(request).setSqlReply(dev.quire.proto.events.SqlReply.newBuilder()
                        .setSql("SELECT 1").setValid(true).setAttempts(1)).build()));
        given().contentType(ContentType.JSON).body("{\"database\":\"sample\",\"question\":\"One?\"}")
                .post("/v1/sql/generate")
                .then().statusCode(200).contentType(ContentType.JSON).body("sql", equalTo("SELECT 1"));
        assertTrue(!onlyRequest().getSqlRequest().getStream());
    }

    private static Envelope chunk(Envelope request, long sequence, String text) {
        return Envelopes.replyTo(request).setChunk(dev.quire.proto.events.Chunk.newBuilder().setSequence(sequence).setText(text)).build();
    }

    /** Plays sqlchat-svc for the next request: sends every envelope the replier makes, in order. */
    private void answerNextRequestWith(Function<Envelope, List<Envelope>> replier) {
        InMemorySink<byte[]> sink = connector.sink("sql-requests");
        InMemorySource<Message<byte[]>> replies = connector.source("replies");
        CompletableFuture.runAsync(() -> {
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (sink.received().isEmpty() && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            for (Envelope reply : replier.apply(parse(sink.received().get(0).getPayload()))) {
                replies.send(Message.of(reply.toByteArray()));
            }
        });
    }

    private void answerNextRequest(Function<Envelope, Envelope.Builder> replier) {
        InMemorySink<byte[]> sink = connector.sink("sql-requests");
        InMemorySource<Message<byte[]>> replies = connector.source("replies");
        CompletableFuture.runAsync(() -> {
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (sink.received().isEmpty() && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            Envelope request = parse(sink.received().get(0).getPayload());
            replies.send(Message.of(replier.apply(request).build().toByteArray()));
        });
    }

    private Envelope onlyRequest() {
        InMemorySink<byte[]> sink = connector.sink("sql-requests");
        List<? extends Message<byte[]>> received = sink.received();
        assertEquals(1, received.size());
        return parse(received.get(0).getPayload());
    }

    private static Envelope parse(byte[] bytes) {
        try {
            return Envelope.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}
