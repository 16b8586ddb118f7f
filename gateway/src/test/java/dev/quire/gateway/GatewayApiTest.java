package dev.quire.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.quire.common.messaging.Envelopes;
import dev.quire.gateway.mesh.ReplyGate;
import dev.quire.gateway.mesh.ReplyPartitions;
import dev.quire.proto.events.CommitReply;
import dev.quire.proto.events.Envelope;
import dev.quire.proto.events.Failure;
import dev.quire.proto.events.Row;
import dev.quire.proto.events.SqlReply;
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
 * The gateway's HTTP contract with Kafka replaced by in-memory channels: the test reads what the
 * gateway publishes and answers as a domain service would (the real broker is used by the mesh's
 * end-to-end test).
 */
@QuarkusTest
@QuarkusTestResource(InMemoryMesh.class)
class GatewayApiTest {

    @Inject
    @Any
    InMemoryConnector connector;

    @Inject
    ReplyPartitions replyPartitions;

    @BeforeEach
    void openReplyGate() {
        ReplyGate.open(replyPartitions);
        connector.sink("sql-requests").clear();
        connector.sink("commit-requests").clear();
    }

    @Test
    void sqlQuestionTravelsAsEnvelopeAndReplyBecomesJson() {
        answerNextRequest("sql-requests", request -> Envelopes.replyTo(request).setSqlReply(SqlReply.newBuilder()
                .setSql("SELECT name FROM customers").setValid(true).setAttempts(1)
                .addColumns("name").addRows(Row.newBuilder().addValues("Ada"))
                .addWarnings("random test model")));

        given().contentType(ContentType.JSON)
                .body("{\"database\":\"sample\",\"question\":\"Who are our customers?\",\"execute\":true}")
                .post("/v1/sql/generate")
                .then().statusCode(200)
                .body("sql", equalTo("SELECT name FROM customers"))
                .body("valid", equalTo(true))
                .body("columns", hasItem("name"))
                .body("rows[0][0]", equalTo("Ada"))
                .body("warnings", hasItem("random test model"));

        Envelope sent = onlyRequest("sql-requests");
        assertEquals("sample", sent.getSqlRequest().getDatabase());
        assertEquals("Who are our customers?", sent.getSqlRequest().getQuestion());
        assertTrue(sent.getSqlRequest().getExecute());
        assertEquals("quire.replies", sent.getReplyTopic());
        assertFalse(sent.getRequestId().isEmpty());
        assertTrue(sent.getDeadlineEpochMs() > System.currentTimeMillis(), "the deadline lies in the future");
    }

    @Test
    void failureReplyKeepsItsStatusAndMessage() {
        answerNextRequest("sql-requests", request -> Envelopes.replyTo(request)
                .setFailure(Envelopes.failure(Failure.Code.NOT_FOUND, "unknown database 'nope'; known: sample")));

        given().contentType(ContentType.JSON)
                .body("{\"database\":\"nope\",\"question\":\"anything\"}")
                .post("/v1/sql/generate")
                .then().statusCode(404)
                .body("error.code", equalTo("NOT_FOUND"))
                .body("error.message", containsString("known: sample"));
    }

    @Test
    void noReplyBeforeTheDeadlineIs504() {
        given().contentType(ContentType.JSON)
                .body("{\"database\":\"sample\",\"question\":\"slow one\",\"timeoutMs\":300}")
                .post("/v1/sql/generate")
                .then().statusCode(504)
                .body("error.code", equalTo("DEADLINE_EXCEEDED"))
                .body("error.message", containsString("the deadline of 300 ms passed without an answer (the work may take longer "
                        + "than that, or the sql service is busy or down); allow more time with timeoutMs, at most 300000"));
        assertEquals(1, connector.sink("sql-requests").received().size(), "the request was published, not lost");
    }

    @Test
    void badInputIsRejectedBeforeKafka() {
        given().contentType(ContentType.JSON).body("{\"database\":\"sample\",\"question\":\"  \"}")
                .post("/v1/sql/generate").then().statusCode(400).body("error.message", containsString("question"));
        given().contentType(ContentType.JSON).body("{\"diff\":\"\"}")
                .post("/v1/commit/message").then().statusCode(400).body("error.message", containsString("diff"));
        given().contentType(ContentType.JSON).body("{\"database\":\"sample\",\"question\":\"" + "x".repeat(4001) + "\"}")
                .post("/v1/sql/generate").then().statusCode(400).body("error.message", containsString("4000"));
        given().contentType(ContentType.JSON).body("{not json")
                .post("/v1/sql/generate").then().statusCode(400).body("error.code", equalTo("INVALID_ARGUMENT"));
        assertTrue(connector.sink("sql-requests").received().isEmpty());
        assertTrue(connector.sink("commit-requests").received().isEmpty());
    }

    @Test
    void commitMessageRoundTrip() {
        answerNextRequest("commit-requests", request -> Envelopes.replyTo(request).setCommitReply(CommitReply.newBuilder()
                .setTitle("Add greeting").setBody("Says hello.").setMessage("Add greeting\n\nSays hello.")
                .addFiles("hello.txt")));

        given().contentType(ContentType.JSON)
                .body("{\"diff\":\"diff --git a/hello.txt b/hello.txt\\n\",\"options\":{\"maxTitleLength\":50}}")
                .post("/v1/commit/message")
                .then().statusCode(200)
                .body("title", equalTo("Add greeting"))
                .body("message", equalTo("Add greeting\n\nSays hello."))
                .body("files", equalTo(List.of("hello.txt")));
        Envelope sent = onlyRequest("commit-requests");
        assertEquals(50, sent.getCommitRequest().getOptions().getMaxTitleLength());
    }

    @Test
    void pageIsServed() {
        given().get("/").then().statusCode(200).body(containsString("Ask")).body(containsString("app.js"));
    }

    /** Plays the domain service: waits for the next published request and replies to it. */
    private void answerNextRequest(String channel, Function<Envelope, Envelope.Builder> replier) {
        InMemorySink<byte[]> sink = connector.sink(channel);
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

    private Envelope onlyRequest(String channel) {
        InMemorySink<byte[]> sink = connector.sink(channel);
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
