package dev.quire.gitcommit.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.quire.common.inference.InferenceParameters;
import dev.quire.common.inference.TextTensors;
import dev.quire.gitcommit.diff.GitWorkTree;
import dev.quire.proto.events.CommitOptions;
import dev.quire.proto.events.CommitReply;
import dev.quire.proto.events.CommitRequest;
import dev.quire.proto.events.Envelope;
import dev.quire.proto.events.Failure;
import dev.quire.proto.inference.ModelInferRequest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole service path: in-memory channels in, the in-test KServe server for the model, in-memory replies out. */
@QuarkusTest
@QuarkusTestResource(InMemoryChannels.class)
class CommitRequestConsumerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    @org.eclipse.microprofile.reactive.messaging.spi.Connector("smallrye-in-memory")
    InMemoryConnector connector;

    @TempDir
    Path repoDir;

    private InMemorySink<byte[]> replies;

    @BeforeEach
    void clearReplies() {
        replies = connector.sink("replies");
        replies.clear();
    }

    @Test
    void answersACommitRequestWithAMessageFromTheModel() throws Exception {
        String diff;
        try (GitWorkTree repo = GitWorkTree.init(repoDir)) {
            repo.write("src/App.java", "class App {\n    void a() {}\n}\n").write("yarn.lock", "a@1:\n  version 1\n");
            repo.commitAll("initial");
            repo.write("src/App.java", "class App {\n    void a() {}\n    void greet() {}\n}\n").stage("src/App.java")
                    .write("src/Greeting.java", "class Greeting {\n}\n").stage("src/Greeting.java")
                    .write("yarn.lock", "a@1:\n  version 2\n").stage("yarn.lock");
            diff = repo.stagedDiff();
        }
        Envelope request = Envelope.newBuilder()
                .setRequestId("commit-42").setTenant("acme").setReplyTopic("quire.replies.gateway-1")
                .setDeadlineEpochMs(Instant.now().plusSeconds(60).toEpochMilli())
                .setCommitRequest(CommitRequest.newBuilder().setDiff(diff).setOptions(CommitOptions.getDefaultInstance()))
                .build();
        CompletableFuture<Void> requestAcked = new CompletableFuture<>();

        connector.source("commit-requests").send(Message.of(request.toByteArray()).withAck(() -> {
            requestAcked.complete(null);
            return CompletableFuture.completedFuture(null);
        }));

        Message<byte[]> record = awaitOneReply();
        Envelope reply = Envelope.parseFrom(record.getPayload());
        assertEquals("commit-42", reply.getRequestId());
        assertEquals("acme", reply.getTenant());
        assertEquals(Envelope.BodyCase.COMMIT_REPLY, reply.getBodyCase(), reply.toString());
        CommitReply commit = reply.getCommitReply();
        assertEquals("Add a greeting helper so that every screen greets", commit.getTitle());
        assertTrue(commit.getTitle().length() <= 50);
        assertEquals("The greeting text was duplicated in three places.", commit.getBody());
        assertEquals(commit.getTitle() + "\n\n" + commit.getBody(), commit.getMessage());
        assertEquals(List.of("src/App.java", "src/Greeting.java"), commit.getFilesList());
        assertTrue(commit.getWarningsList().contains(FixedTextInferenceService.WARNING), commit.getWarningsList().toString());
        assertTrue(commit.getWarningsList().contains("lock files left out of the prompt: yarn.lock"), commit.getWarningsList().toString());
        assertTrue(commit.getWarningsList().stream().anyMatch(w -> w.contains("shortened")), commit.getWarningsList().toString());

        assertEquals("quire.replies.gateway-1", record.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getTopic());
        assertEquals("commit-42", record.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getKey());
        requestAcked.get(WAIT.toSeconds(), TimeUnit.SECONDS);

        ModelInferRequest sent = FixedTextInferenceService.LAST_REQUEST.get();
        String prompt = TextTensors.readInput(sent, TextTensors.TEXT_INPUT).orElseThrow().get(0);
        assertTrue(prompt.contains("- src/App.java (modified, +1 -0)"), prompt);
        assertTrue(prompt.contains("- src/Greeting.java (added, +2 -0)"), prompt);
        assertTrue(prompt.contains("+    void greet() {}"), prompt);
        assertFalse(prompt.contains("yarn.lock"), prompt);
        assertEquals(96, sent.getParametersOrThrow(InferenceParameters.MAX_TOKENS).getInt64Param());
    }

    @Test
    void answersAnEmptyDiffWithAnInvalidArgumentFailure() throws Exception {
        Envelope request = Envelope.newBuilder()
                .setRequestId("commit-empty").setReplyTopic("quire.replies")
                .setCommitRequest(CommitRequest.newBuilder().setDiff("  \n"))
                .build();

        connector.source("commit-requests").send(request.toByteArray());

        Envelope reply = Envelope.parseFrom(awaitOneReply().getPayload());
        assertEquals("commit-empty", reply.getRequestId());
        assertEquals(Envelope.BodyCase.FAILURE, reply.getBodyCase(), reply.toString());
        assertEquals(Failure.Code.INVALID_ARGUMENT, reply.getFailure().getCode());
        assertTrue(reply.getFailure().getMessage().startsWith("diff is empty"), reply.getFailure().getMessage());
    }

    @Test
    void answersAWrongBodyWithAnInvalidArgumentFailure() throws Exception {
        Envelope request = Envelope.newBuilder().setRequestId("not-a-commit").setReplyTopic("quire.replies")
                .setChunk(dev.quire.proto.events.Chunk.newBuilder().setText("hi")).build();

        connector.source("commit-requests").send(request.toByteArray());

        Envelope reply = Envelope.parseFrom(awaitOneReply().getPayload());
        assertEquals(Failure.Code.INVALID_ARGUMENT, reply.getFailure().getCode());
        assertTrue(reply.getFailure().getMessage().contains("commit_request"), reply.getFailure().getMessage());
    }

    @Test
    void answersALockFileOnlyDiffWithoutTheModel() throws Exception {
        String diff;
        try (GitWorkTree repo = GitWorkTree.init(repoDir)) {
            repo.write("Cargo.lock", "version = 3\n");
            repo.commitAll("initial");
            repo.write("Cargo.lock", "version = 4\n").stage("Cargo.lock");
            diff = repo.stagedDiff();
        }
        FixedTextInferenceService.LAST_REQUEST.set(null);
        Envelope request = Envelope.newBuilder().setRequestId("commit-lock").setReplyTopic("quire.replies")
                .setCommitRequest(CommitRequest.newBuilder().setDiff(diff)).build();

        connector.source("commit-requests").send(request.toByteArray());

        CommitReply commit = Envelope.parseFrom(awaitOneReply().getPayload()).getCommitReply();
        assertEquals("Update Cargo.lock", commit.getTitle());
        assertEquals("Update Cargo.lock", commit.getMessage());
        assertEquals(List.of(), commit.getFilesList());
        assertTrue(commit.getWarningsList().contains("lock files left out of the prompt: Cargo.lock"), commit.getWarningsList().toString());
        assertTrue(commit.getWarningsList().stream().anyMatch(w -> w.startsWith("only lock files changed")), commit.getWarningsList().toString());
        assertEquals(null, FixedTextInferenceService.LAST_REQUEST.get(), "the model must not be asked");
    }

    /** Waits for the asynchronous consumer; the bound only keeps a broken build from hanging. */
    private Message<byte[]> awaitOneReply() throws InterruptedException {
        Instant giveUp = Instant.now().plus(WAIT);
        while (replies.received().isEmpty() && Instant.now().isBefore(giveUp)) {
            Thread.sleep(20);
        }
        assertEquals(1, replies.received().size(), "exactly one reply expected");
        return replies.received().get(0);
    }
}
