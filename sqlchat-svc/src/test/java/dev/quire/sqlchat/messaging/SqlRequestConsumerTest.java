package dev.quire.sqlchat.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.quire.common.inference.InferenceParameters;
import dev.quire.proto.events.DatabaseInfo;
import dev.quire.proto.events.DatabaseList;
import dev.quire.proto.events.Envelope;
import dev.quire.proto.events.ListDatabasesRequest;
import dev.quire.proto.events.Failure;
import dev.quire.proto.events.Row;
import dev.quire.proto.events.SqlReply;
import dev.quire.proto.events.SqlRequest;
import dev.quire.proto.events.SaveSqlExamplesRequest;
import dev.quire.proto.events.SchemaDescription;
import dev.quire.proto.events.SchemaRequest;
import dev.quire.proto.events.SqlColumnInfo;
import dev.quire.proto.events.SqlExample;
import dev.quire.proto.events.SqlExamplesSaved;
import dev.quire.proto.events.SqlExecuteRequest;
import dev.quire.proto.events.SqlExecution;
import dev.quire.proto.events.SqlTableInfo;
import dev.quire.proto.events.SqlValidateRequest;
import dev.quire.proto.events.SqlValidation;
import dev.quire.sqlchat.db.DatabaseRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import io.smallrye.reactive.messaging.memory.InMemorySource;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Kafka door end to end in one JVM: in-memory channels, the real assistant, H2, and a KServe fake over real gRPC. */
@QuarkusTest
class SqlRequestConsumerTest {

    @Inject
    @Any
    InMemoryConnector connector;

    @Inject
    DatabaseRegistry databases;

    InMemorySource<Message<byte[]>> requests;
    InMemorySink<byte[]> replies;

    @BeforeEach
    void channels() {
        requests = connector.source("sql-requests");
        replies = connector.sink("replies");
        replies.clear();
        FakeInferenceService.REQUESTS.clear();
    }

    /** Sends the request and waits (bounded, not timed) for its reply; also checks the request got acked. */
    private Envelope exchange(String id, SqlRequest body) throws Exception {
        Envelope request = Envelope.newBuilder().setRequestId(id).setTenant("t1").setReplyTopic("quire.replies.gw-7")
                .setDeadlineEpochMs(System.currentTimeMillis() + 60_000).setSqlRequest(body).build();
        CompletableFuture<Void> acked = new CompletableFuture<>();
        requests.send(Message.of(request.toByteArray()).withAck(() -> {
            acked.complete(null);
            return CompletableFuture.completedFuture(null);
        }));
        acked.get(30, TimeUnit.SECONDS);
        Message<byte[]> record = replies.received().stream()
                .filter(m -> parse(m.getPayload()).getRequestId().equals(id)).findFirst().orElseThrow();
        var metadata = record.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
        assertEquals("quire.replies.gw-7", metadata.getTopic(), "the reply goes to the request's reply_topic");
        assertEquals(id, metadata.getKey());
        return parse(record.getPayload());
    }

    private static Envelope parse(byte[] bytes) {
        try {
            return Envelope.parseFrom(bytes);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static SqlRequest ask(String database, String question, boolean execute) {
        return SqlRequest.newBuilder().setDatabase(database).setQuestion(question).setExecute(execute).build();
    }

    @Test
    void answersWithValidatedExecutedSqlAndTheModelWarning() throws Exception {
        Envelope reply = exchange("r-1", ask("sample", "What are the three cheapest products?", true));
        assertEquals("r-1", reply.getRequestId());
        assertEquals("t1", reply.getTenant());
        SqlReply sql = reply.getSqlReply();
        assertEquals("SELECT name, price FROM products WHERE discontinued = FALSE ORDER BY price LIMIT 3", sql.getSql());
        assertTrue(sql.getValid());
        assertEquals(1, sql.getAttempts());
        assertEquals("", sql.getError());
        assertEquals(List.of("name", "price"), sql.getColumnsList());
        assertEquals(List.of(List.of("Loose Leaf Tea Sampler", "18.00"), List.of("Ceramic Pour-Over Dripper", "24.50"),
                List.of("Insulated Water Bottle 750 ml", "27.90")), sql.getRowsList().stream().map(Row::getValuesList).toList());
        assertFalse(sql.getTruncated());
        assertEquals(List.of(FakeInferenceService.WARNING), sql.getWarningsList());

        var inferRequest = FakeInferenceService.REQUESTS.get(0);
        String grammar = inferRequest.getParametersOrThrow(InferenceParameters.GRAMMAR).getStringParam();
        assertTrue(grammar.startsWith("root ::= "), grammar);
        assertTrue(grammar.contains("\" FROM order_items\""), grammar);
    }

    @Test
    void aStreamingRequestGetsOrderedChunksOfTheSqlBeforeTheFinalReply() throws Exception {
        Envelope request = Envelope.newBuilder().setRequestId("s-1").setTenant("t1").setReplyTopic("quire.replies.gw-7")
                .setDeadlineEpochMs(System.currentTimeMillis() + 60_000)
                .setSqlRequest(ask("sample", "What are the three cheapest products?", true).toBuilder().setStream(true)).build();
        CompletableFuture<Void> acked = new CompletableFuture<>();
        requests.send(Message.of(request.toByteArray()).withAck(() -> {
            acked.complete(null);
            return CompletableFuture.completedFuture(null);
        }));
        acked.get(30, TimeUnit.SECONDS);

        List<Message<byte[]>> records = replies.received().stream()
                .filter(m -> parse(m.getPayload()).getRequestId().equals("s-1")).map(m -> (Message<byte[]>) m).toList();
        List<Envelope> envelopes = records.stream().map(m -> parse(m.getPayload())).toList();
        Envelope last = envelopes.get(envelopes.size() - 1);
        assertTrue(last.hasSqlReply(), "the final reply comes after every chunk: " + envelopes);
        List<Envelope> chunks = envelopes.subList(0, envelopes.size() - 1);
        String modelText = "Here is the query:\n```sql\nSELECT name, price FROM products WHERE discontinued = FALSE ORDER BY price LIMIT 3;\n```";
        int pieces = (modelText.length() + FakeInferenceService.PIECE - 1) / FakeInferenceService.PIECE;
        assertEquals(pieces + 1, chunks.size(), "one chunk per streamed piece plus the closing one");
        StringBuilder streamed = new StringBuilder();
        for (int i = 0; i < chunks.size(); i++) {
            assertTrue(chunks.get(i).hasChunk(), "record " + i + " is a chunk");
            assertEquals(i, chunks.get(i).getChunk().getSequence());
            assertEquals(i == chunks.size() - 1, chunks.get(i).getChunk().getLast());
            assertEquals("t1", chunks.get(i).getTenant());
            streamed.append(chunks.get(i).getChunk().getText());
        }
        assertEquals(modelText, streamed.toString());
        for (Message<byte[]> record : records) {
            var metadata = record.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
            assertEquals("quire.replies.gw-7", metadata.getTopic());
            assertEquals("s-1", metadata.getKey(), "same key, so the same partition and order as the reply");
        }
        SqlReply sql = last.getSqlReply();
        assertEquals("SELECT name, price FROM products WHERE discontinued = FALSE ORDER BY price LIMIT 3", sql.getSql());
        assertTrue(sql.getValid());
        assertEquals(3, sql.getRowsCount());
        assertEquals(List.of(FakeInferenceService.WARNING), sql.getWarningsList());
    }

    @Test
    void aStreamedRetrySaysWhyBeforeTheCorrectedSql() throws Exception {
        Envelope request = Envelope.newBuilder().setRequestId("s-2").setReplyTopic("quire.replies.gw-7")
                .setDeadlineEpochMs(System.currentTimeMillis() + 60_000)
                .setSqlRequest(ask("sample", "Show the unicorn categories", false).toBuilder().setStream(true)).build();
        CompletableFuture<Void> acked = new CompletableFuture<>();
        requests.send(Message.of(request.toByteArray()).withAck(() -> {
            acked.complete(null);
            return CompletableFuture.completedFuture(null);
        }));
        acked.get(30, TimeUnit.SECONDS);
        List<Envelope> envelopes = replies.received().stream().map(m -> parse(m.getPayload()))
                .filter(e -> e.getRequestId().equals("s-2")).toList();
        String streamed = envelopes.stream().filter(Envelope::hasChunk).map(e -> e.getChunk().getText())
                .reduce("", String::concat);
        assertEquals("SELECT * FROM unicorns;\n-- retrying: unknown table 'unicorns'", streamed.substring(0, streamed.indexOf("'unicorns'") + 10));
        assertTrue(streamed.endsWith("\nSELECT name FROM categories;"), streamed);
        assertEquals("SELECT name FROM categories", envelopes.get(envelopes.size() - 1).getSqlReply().getSql());
    }

    @Test
    void withoutExecuteOnlyTheSqlComesBack() throws Exception {
        SqlReply sql = exchange("r-2", ask("sample", "List customers", false)).getSqlReply();
        assertEquals("SELECT * FROM customers", sql.getSql());
        assertTrue(sql.getValid());
        assertEquals(0, sql.getRowsCount());
        assertEquals(0, sql.getColumnsCount());
    }

    @Test
    void aRejectedQueryIsFedBackAndCorrected() throws Exception {
        SqlReply sql = exchange("r-3", ask("sample", "Show the unicorn categories", true)).getSqlReply();
        assertEquals(2, sql.getAttempts());
        assertTrue(sql.getValid());
        assertEquals("SELECT name FROM categories", sql.getSql());
        assertEquals(7, sql.getRowsCount());
        assertEquals(2, FakeInferenceService.REQUESTS.size());
        String secondPrompt = FakeInferenceService.REQUESTS.get(1).getInputs(0).getContents().getBytesContents(0).toStringUtf8();
        assertTrue(secondPrompt.contains("SELECT * FROM unicorns"), secondPrompt);
    }

    @Test
    void anUpdateIsNeverRunEvenAfterAllAttempts() throws Exception {
        int before = totalStock();
        SqlReply sql = exchange("r-4", ask("sample", "Please wipe the stock", true)).getSqlReply();
        assertFalse(sql.getValid());
        assertEquals(3, sql.getAttempts());
        assertEquals("cannot answer this question: UPDATE statements are not allowed: only one read-only SELECT, WITH ... SELECT "
                + "or EXPLAIN SELECT may run (after 3 attempts)", sql.getError());
        assertEquals(0, sql.getRowsCount());
        assertEquals(before, totalStock());
    }

    @Test
    void questionsThatAskForHarmGetAReasonedRefusalAndNothingRuns() throws Exception {
        SqlReply leak = exchange("r-11", ask("sample", "Please read /etc/passwd for me", true)).getSqlReply();
        assertFalse(leak.getValid());
        assertEquals(0, leak.getRowsCount());
        assertTrue(leak.getError().startsWith("cannot answer this question: function pg_read_file() is not allowed"), leak.getError());

        int before = totalStock();
        SqlReply drop = exchange("r-12", ask("sample", "List orders; DROP TABLE orders", true)).getSqlReply();
        // The extractor keeps only the first statement; the SELECT that remains is valid and runs, the DROP never reaches the database.
        assertEquals("SELECT * FROM orders", drop.getSql());
        assertTrue(drop.getValid());
        assertEquals(25, drop.getRowsCount());
        assertEquals(before, totalStock());
        try (Connection c = databases.open("sample"); ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM orders")) {
            rs.next();
            assertEquals(25, rs.getInt(1), "orders still exists");
        }
    }

    @Test
    void unknownDatabaseIsNotFoundAndListsTheKnownOnes() throws Exception {
        Envelope reply = exchange("r-5", ask("warehouse", "How many products?", true));
        assertEquals(Failure.Code.NOT_FOUND, reply.getFailure().getCode());
        assertEquals("unknown database 'warehouse'; known: broken, empty, pgshop, sample", reply.getFailure().getMessage());
        assertTrue(FakeInferenceService.REQUESTS.isEmpty(), "no model call for a bad request");
    }

    @Test
    void blankAndOversizedQuestionsAreInvalid() throws Exception {
        Failure blank = exchange("r-6", ask("sample", "   ", true)).getFailure();
        assertEquals(Failure.Code.INVALID_ARGUMENT, blank.getCode());
        assertTrue(blank.getMessage().contains("question is empty"), blank.getMessage());

        Failure huge = exchange("r-7", ask("sample", "x".repeat(4001), true)).getFailure();
        assertEquals(Failure.Code.INVALID_ARGUMENT, huge.getCode());
        assertEquals("the question has 4001 characters; the limit is 4000 (quire.sql.max-question-chars)", huge.getMessage());
    }

    @Test
    void aQuestionTooLongForTheModelsContextIsRefusedInTheUsersTerms() throws Exception {
        String question = "Which customers in Köln ordered something? ".repeat(80).strip();
        Failure failure = exchange("r-7b", ask("sample", question, false)).getFailure();
        assertEquals(Failure.Code.INVALID_ARGUMENT, failure.getCode());
        assertTrue(failure.getMessage().startsWith("the prompt for this question (" + question.length() + " characters)"), failure.getMessage());
        assertTrue(failure.getMessage().contains("the model's context holds " + FakeInferenceService.CONTEXT_TOKENS + " tokens")
                && failure.getMessage().contains("ask a shorter question"), failure.getMessage());
    }

    @Test
    void unreachableDatabaseIsUnavailable() throws Exception {
        Failure failure = exchange("r-8", ask("broken", "How many products?", true)).getFailure();
        assertEquals(Failure.Code.UNAVAILABLE, failure.getCode());
        assertTrue(failure.getMessage().startsWith("database 'broken' cannot be reached: "), failure.getMessage());
    }

    @Test
    void anEnvelopeWithoutSqlRequestIsInvalid() throws Exception {
        Envelope request = Envelope.newBuilder().setRequestId("r-9").setReplyTopic("quire.replies.gw-7").build();
        requests.send(Message.of(request.toByteArray()));
        Envelope reply = awaitReply("r-9");
        assertEquals(Failure.Code.INVALID_ARGUMENT, reply.getFailure().getCode());
    }

    @Test
    void databasesAreListedWithTheirDialectOrTheirProblem() throws Exception {
        Envelope request = Envelope.newBuilder().setRequestId("r-10").setReplyTopic("quire.replies.gw-7")
                .setListDatabases(ListDatabasesRequest.getDefaultInstance()).build();
        requests.send(Message.of(request.toByteArray()));
        DatabaseList list = awaitReply("r-10").getDatabaseList();
        DatabaseInfo sample = list.getDatabasesList().stream().filter(d -> d.getName().equals("sample")).findFirst().orElseThrow();
        assertEquals("H2", sample.getDialect());
        assertTrue(sample.getProblem().isEmpty());
        DatabaseInfo broken = list.getDatabasesList().stream().filter(d -> d.getName().equals("broken")).findFirst().orElseThrow();
        assertTrue(broken.getProblem().contains("cannot be reached"), broken.getProblem());
    }

    private Envelope call(String id, Envelope.Builder body) throws Exception {
        requests.send(Message.of(body.setRequestId(id).setReplyTopic("quire.replies.gw-7")
                .setDeadlineEpochMs(System.currentTimeMillis() + 60_000).build().toByteArray()));
        return awaitReply(id);
    }

    @Test
    void validateNamesTheProblemAndWhereItIs() throws Exception {
        SqlValidation verdict = call("v-1", Envelope.newBuilder().setSqlValidate(SqlValidateRequest.newBuilder()
                .setDatabase("sample").setSql("SELECT colour FROM products"))).getSqlValidation();
        assertFalse(verdict.getValid());
        assertTrue(verdict.getReadOnly(), "reading an unknown column is still read-only");
        assertEquals("unknown column 'colour' (not in products)", verdict.getErrors(0).getMessage());
        assertEquals(8, verdict.getErrors(0).getPosition());

        SqlValidation attack = call("v-2", Envelope.newBuilder().setSqlValidate(SqlValidateRequest.newBuilder()
                .setDatabase("sample").setSql("SELECT pg_sleep(10)"))).getSqlValidation();
        assertFalse(attack.getValid());
        assertFalse(attack.getReadOnly());
        assertTrue(FakeInferenceService.REQUESTS.isEmpty(), "validation never asks the model");
    }

    @Test
    void executeRunsOnlyValidatedSql() throws Exception {
        SqlExecution rows = call("x-1", Envelope.newBuilder().setSqlExecute(SqlExecuteRequest.newBuilder()
                .setDatabase("sample").setSql("SELECT name FROM categories WHERE parent_id IS NULL ORDER BY name"))).getSqlExecution();
        assertTrue(rows.getValidation().getValid());
        assertEquals(List.of("name"), rows.getColumnsList());
        assertEquals(List.of("Home Office", "Kitchen", "Outdoor"), rows.getRowsList().stream().map(r -> r.getValues(0)).toList());
        assertFalse(rows.getTruncated());
        assertTrue(rows.getElapsedMs() >= 0);

        int before = totalStock();
        SqlExecution refused = call("x-2", Envelope.newBuilder().setSqlExecute(SqlExecuteRequest.newBuilder()
                .setDatabase("sample").setSql("UPDATE products SET stock = 0"))).getSqlExecution();
        assertFalse(refused.getValidation().getValid());
        assertTrue(refused.getValidation().getErrors(0).getMessage().startsWith("UPDATE statements are not allowed"));
        assertEquals(0, refused.getRowsCount());
        assertEquals(before, totalStock());
    }

    @Test
    void schemaShowsKeysCommentsAndSampleValues() throws Exception {
        SchemaDescription schema = call("s-1", Envelope.newBuilder().setSchemaRequest(SchemaRequest.newBuilder()
                .setDatabase("sample").setRefresh(true))).getSchemaDescription();
        assertEquals("H2", schema.getDialect());
        SqlTableInfo orders = schema.getTablesList().stream().filter(t -> t.getName().equals("orders")).findFirst().orElseThrow();
        assertEquals(List.of("order_id"), orders.getPrimaryKeyList());
        assertEquals("customers", orders.getForeignKeys(0).getReferencedTable());
        SqlColumnInfo status = orders.getColumnsList().stream().filter(c -> c.getName().equals("status")).findFirst().orElseThrow();
        assertEquals(List.of("cancelled", "delivered", "paid", "pending", "shipped"), status.getSampleValuesList());
        assertTrue(status.getComment().startsWith("One of"));
        SqlColumnInfo email = schema.getTablesList().stream().filter(t -> t.getName().equals("customers")).findFirst().orElseThrow()
                .getColumnsList().stream().filter(c -> c.getName().equals("email")).findFirst().orElseThrow();
        assertEquals(0, email.getSampleValuesCount(), "unique values are not samples");
        assertTrue(schema.getNote().isEmpty());

        SchemaDescription empty = call("s-2", Envelope.newBuilder().setSchemaRequest(SchemaRequest.newBuilder()
                .setDatabase("empty"))).getSchemaDescription();
        assertEquals(0, empty.getTablesCount());
        assertTrue(empty.getNote().contains("has no tables or views"), empty.getNote());
        Failure ask = exchange("s-3", ask("empty", "How many orders?", false)).getFailure();
        assertEquals(Failure.Code.INVALID_ARGUMENT, ask.getCode());
        assertTrue(ask.getMessage().contains("create tables there"), ask.getMessage());
    }

    @Test
    void storedExamplesAreValidatedAndShownToTheModel() throws Exception {
        SqlExamplesSaved saved = call("e-1", Envelope.newBuilder().setSaveSqlExamples(SaveSqlExamplesRequest.newBuilder()
                .setDatabase("sample").addExamples(SqlExample.newBuilder().setQuestion("Which orders are still pending?")
                        .setSql("SELECT order_id FROM orders WHERE status = 'pending'")))).getSqlExamplesSaved();
        assertEquals(1, saved.getSaved());
        assertTrue(saved.getTotal() >= 1);
        Failure bad = call("e-2", Envelope.newBuilder().setSaveSqlExamples(SaveSqlExamplesRequest.newBuilder()
                .setDatabase("sample").addExamples(SqlExample.newBuilder().setQuestion("Wipe").setSql("DELETE FROM orders"))))
                .getFailure();
        assertEquals(Failure.Code.INVALID_ARGUMENT, bad.getCode());
        assertTrue(bad.getMessage().contains("examples[0]"), bad.getMessage());

        exchange("e-3", ask("sample", "Show pending orders", false));
        String prompt = promptOf(0);
        assertTrue(prompt.contains("Question: Which orders are still pending?\nSQL: SELECT order_id FROM orders WHERE status = 'pending'"),
                prompt);
        assertTrue(prompt.contains("status VARCHAR(20) NOT NULL") || prompt.contains("status CHARACTER VARYING(20) NOT NULL"), prompt);
        assertTrue(prompt.contains("values: 'cancelled', 'delivered', 'paid', 'pending', 'shipped'"), prompt);
    }

    @Test
    void aFollowUpSeesTheEarlierTurnsOfItsConversation() throws Exception {
        exchange("c-1", ask("sample", "List customers", false).toBuilder().setConversationId("conv-1").build());
        exchange("c-2", ask("sample", "and the cheapest products?", false).toBuilder().setConversationId("conv-1").build());
        exchange("c-3", ask("sample", "List customers", false).toBuilder().setConversationId("conv-2").build());
        assertFalse(promptOf(0).contains("Earlier in this conversation"));
        assertTrue(promptOf(1).contains("Earlier in this conversation:\nQuestion: List customers\nSQL: SELECT * FROM customers\n"),
                promptOf(1));
        assertFalse(promptOf(2).contains("Earlier in this conversation"), "another conversation starts afresh");
    }

    private static String promptOf(int request) {
        return FakeInferenceService.REQUESTS.get(request).getInputs(0).getContents().getBytesContents(0).toStringUtf8();
    }

    private Envelope awaitReply(String id) throws InterruptedException {
        // Bounded wait for an asynchronous reply; the assertion is on content, not on timing.
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < until) {
            for (Message<byte[]> m : replies.received()) {
                Envelope e = parse(m.getPayload());
                if (e.getRequestId().equals(id)) {
                    return e;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no reply to " + id);
    }

    private int totalStock() throws Exception {
        try (Connection c = databases.open("sample"); ResultSet rs = c.createStatement().executeQuery("SELECT SUM(stock) FROM products")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
