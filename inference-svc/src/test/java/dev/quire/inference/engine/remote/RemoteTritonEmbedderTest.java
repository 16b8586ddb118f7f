package dev.quire.inference.engine.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.quire.common.QuireException;
import dev.quire.common.inference.TextTensors;
import dev.quire.inference.engine.onnx.Embeddings;
import dev.quire.proto.events.Failure;
import dev.quire.proto.inference.ModelInferRequest;
import io.grpc.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The remote embedder against an in-test KServe v2 gRPC server, its answers and its failures. */
class RemoteTritonEmbedderTest {

    private FakeTritonServer server;
    private final List<RemoteTritonEmbedder> embedders = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new FakeTritonServer();
        server.behaviour = FakeTritonServer.Behaviour.EMBED;
    }

    @AfterEach
    void stop() throws Exception {
        embedders.forEach(RemoteTritonEmbedder::close);
        server.close();
    }

    private RemoteTritonEmbedder embedder(String target, Duration timeout) {
        RemoteTritonEmbedder embedder = RemoteTritonEmbedder.connect(target, "minilm", 4, 256, timeout);
        embedders.add(embedder);
        return embedder;
    }

    private RemoteTritonEmbedder embedder() {
        return embedder(server.target(), Duration.ofSeconds(30));
    }

    @Test
    void aBatchTravelsAsOneCallAndEachTextGetsItsOwnNormalisedRow() {
        RemoteTritonEmbedder embedder = embedder();
        assertEquals(-1, embedder.dimension(), "unknown until the remote has answered");

        Embeddings embeddings = embedder.embed(List.of("abc", "four", "x"));

        assertEquals(1, server.requests.size(), "one remote call for the whole batch");
        ModelInferRequest sent = server.requests.get(0);
        assertEquals("minilm", sent.getModelName());
        assertEquals("text", sent.getInputs(0).getName());
        assertEquals(List.of(3L), sent.getInputs(0).getShapeList());
        assertEquals(List.of("abc", "four", "x"), TextTensors.readInput(sent, "text").orElseThrow());
        assertEquals(3, embedder.dimension());
        // The fake answers (length, 1, 0) unnormalised: the rows come back in order, scaled to length 1.
        float[][] expected = {unit(3, 1), unit(4, 1), unit(1, 1)};
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(expected[i], embeddings.vectors()[i], 1e-6f, "row " + i);
        }
    }

    private static float[] unit(float a, float b) {
        float norm = (float) Math.sqrt(a * a + b * b);
        return new float[] {a / norm, b / norm, 0};
    }

    @Test
    void typedFloatsAreReadAsWellAsRawOnes() {
        server.behaviour = FakeTritonServer.Behaviour.EMBED_TYPED;
        Embeddings embeddings = embedder().embed(List.of("abcd"));
        assertArrayEquals(unit(4, 1), embeddings.vectors()[0], 1e-6f);
    }

    @Test
    void rowsThatAreNotOnePerTextAreTheServersFaultNamingIt() {
        server.behaviour = FakeTritonServer.Behaviour.EMBED_EXTRA_ROW;
        QuireException e = assertThrows(QuireException.class, () -> embedder().embed(List.of("a", "b")));
        assertEquals(Failure.Code.INTERNAL, e.code());
        assertTrue(e.getMessage().contains(server.target()) && e.getMessage().contains("for 2 texts"), e.getMessage());
    }

    @Test
    void aChangingDimensionIsRefused() {
        server.behaviour = FakeTritonServer.Behaviour.EMBED_GROWING;
        RemoteTritonEmbedder embedder = embedder();
        embedder.embed(List.of("a"));
        QuireException e = assertThrows(QuireException.class, () -> embedder.embed(List.of("a")));
        assertEquals(Failure.Code.INTERNAL, e.code());
        assertTrue(e.getMessage().contains("earlier answers had 3"), e.getMessage());
    }

    @Test
    void moreTextsThanTheBatchLimitAreRefusedBeforeAnyCall() {
        QuireException e = assertThrows(QuireException.InvalidRequest.class, () -> embedder().embed(List.of("1", "2", "3", "4", "5")));
        assertTrue(e.getMessage().contains("1 to 4"), e.getMessage());
        assertTrue(server.requests.isEmpty());
    }

    @Test
    void aModelTheRemoteDoesNotServeIsUnavailableNamingTheServer() {
        server.behaviour = FakeTritonServer.Behaviour.STATUS;
        server.status = Status.NOT_FOUND;
        QuireException e = assertThrows(QuireException.Unavailable.class, () -> embedder().embed(List.of("a")));
        assertTrue(e.getMessage().contains(server.target()) && e.getMessage().contains("remote model name"), e.getMessage());
    }

    @Test
    void anUnreachableServerIsUnavailableNamingIt() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        QuireException e = assertThrows(QuireException.Unavailable.class, () -> embedder("127.0.0.1:" + closedPort, Duration.ofSeconds(30))
                .embed(List.of("a")));
        assertTrue(e.getMessage().contains("127.0.0.1:" + closedPort) && e.getMessage().contains("unreachable"), e.getMessage());
    }

    @Test
    void aHungServerIsGivenUpAtTheTimeoutAndTheCallCancelled() throws Exception {
        server.behaviour = FakeTritonServer.Behaviour.HANG;
        long started = System.nanoTime();
        assertThrows(QuireException.DeadlineExceeded.class, () -> embedder(server.target(), Duration.ofMillis(300)).embed(List.of("a")));
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(tookMillis >= 250 && tookMillis < 10_000, "gave up after " + tookMillis + " ms");
        assertTrue(server.cancelled.await(5, java.util.concurrent.TimeUnit.SECONDS), "the remote saw the call end");
    }

    @Test
    void theCallersDeadlineEndsTheRemoteCallBeforeTheConfiguredTimeout() throws Exception {
        server.behaviour = FakeTritonServer.Behaviour.HANG;
        RemoteTritonEmbedder embedder = embedder(server.target(), Duration.ofSeconds(60));
        long started = System.nanoTime();
        assertThrows(QuireException.DeadlineExceeded.class,
                () -> embedder.embed(List.of("a"), java.util.Optional.of(java.time.Instant.now().plusMillis(300))));
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(tookMillis >= 250 && tookMillis < 10_000, "gave up after " + tookMillis + " ms, not the 60 s timeout");
        assertTrue(server.cancelled.await(5, java.util.concurrent.TimeUnit.SECONDS), "the remote saw the call end");
    }

    @Test
    void aDeadlineAlreadyPastCallsNobody() {
        QuireException e = assertThrows(QuireException.DeadlineExceeded.class,
                () -> embedder().embed(List.of("a"), java.util.Optional.of(java.time.Instant.now().minusMillis(1))));
        assertTrue(e.getMessage().contains("before") && e.getMessage().contains(server.target()), e.getMessage());
        assertTrue(server.requests.isEmpty());
    }
}
