package dev.quire.inference.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.quire.inference.Await;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ClientDisconnect} on a real Vert.x server and client sockets, in the three orders that
 * matter: the client goes before the watch is set (the case Quarkus REST misses), after it, or
 * not before its answer.
 */
class ClientDisconnectTest {

    private static final Duration PROMPTLY = Duration.ofSeconds(5);

    private Vertx vertx;
    private URI base;
    private final BlockingQueue<HttpServerRequest> requests = new LinkedBlockingQueue<>();
    private final AtomicInteger cancels = new AtomicInteger();

    @BeforeEach
    void startServer() throws Exception {
        vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer().requestHandler(requests::add).listen(0).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        base = URI.create("http://localhost:" + server.actualPort());
    }

    @AfterEach
    void stopServer() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private HttpServerRequest received() throws InterruptedException {
        HttpServerRequest request = requests.poll(10, TimeUnit.SECONDS);
        assertTrue(request != null, "the request arrived");
        return request;
    }

    @Test
    void aClientGoneBeforeTheWatchIsSetCancelsAtOnce() throws Exception {
        RawHttpRequest.send(base, "/", "{}").close();
        HttpServerRequest request = received();
        Await.until(() -> request.response().closed(), "the server saw the connection close");

        ClientDisconnect.onClose(request.response(), cancels::incrementAndGet);
        assertEquals(1, cancels.get(), "no close event is left to come: the watch sees the closed connection");
    }

    @Test
    void aClientGoneAfterTheWatchIsSetCancels() throws Exception {
        try (RawHttpRequest client = RawHttpRequest.send(base, "/", "{}")) {
            ClientDisconnect.onClose(received().response(), cancels::incrementAndGet);
            assertEquals(0, cancels.get(), "the client is still there");
        }
        Await.within(PROMPTLY, () -> cancels.get() == 1, "the close cancelled the request");
    }

    @Test
    void aClientThatHadItsAnswerCancelsNothingWhenItLeaves() throws Exception {
        try (RawHttpRequest client = RawHttpRequest.send(base, "/", "{}")) {
            HttpServerRequest request = received();
            ClientDisconnect.onClose(request.response(), cancels::incrementAndGet);
            vertx.runOnContext(v -> request.response().end("done"));
            InputStream in = client.socket.getInputStream();
            assertTrue(new String(in.readNBytes(12)).startsWith("HTTP/1.1 200"), "the answer was sent");
        }
        Thread.sleep(500); // time for a close event to arrive, if one were (wrongly) to cancel
        assertEquals(0, cancels.get());
    }
}
