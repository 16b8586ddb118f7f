package dev.quire.inference.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.quire.inference.Await;
import dev.quire.inference.grpc.RepositoryProfile;
import dev.quire.inference.metrics.ModelStatistics;
import dev.quire.inference.model.ServedModel;
import dev.quire.inference.scheduler.Scheduler;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client that goes away takes its HTTP request back, as on gRPC: a queued request leaves the
 * queue, a running generation stops and frees its slot; and generate_stream's pieces arrive while
 * the generation runs. RepositoryProfile serves llm on one slot with a queue of one, so one long
 * generation (ignore_eos, 30,000 tokens: well over a minute here) holds it.
 */
@QuarkusTest
@TestProfile(RepositoryProfile.class)
class HttpCancellationTest {

    /** A generation that outlasts every test here unless stopped. */
    private static final String ENDLESS = "{\"text_input\":\"hold the slot\",\"parameters\":{\"max_tokens\":30000,\"ignore_eos\":true}}";
    private static final String SHORT = "{\"text_input\":\"queued\",\"parameters\":{\"max_tokens\":2}}";
    private static final String SHORT_INFER = "{\"inputs\":[{\"name\":\"text_input\",\"datatype\":\"BYTES\",\"shape\":[1],\"data\":[\"queued\"]}],"
            + "\"parameters\":{\"max_tokens\":2}}";
    /** Far below what the endless generation takes, far above what freeing a slot takes. */
    private static final Duration PROMPTLY = Duration.ofSeconds(5);

    @TestHTTPResource("/")
    URI base;

    @Inject
    ServedModel served;

    @BeforeEach
    void waitUntilTheModelIsLoaded() throws InterruptedException {
        Await.within(Duration.ofSeconds(60), () -> served.isReady("llm"), "llm is ready");
    }

    @AfterEach
    void theSlotIsFreeAgain() throws InterruptedException {
        Await.until(() -> scheduler().inFlight() == 0 && scheduler().pending() == 0, "nothing left running or queued");
    }

    @Test
    void aQueuedInferWhoseClientDisconnectsLeavesTheQueueAndARunningGenerateStops() throws Exception {
        queuedThenRunningDisconnect("/v2/models/llm/generate", ENDLESS, "/v2/models/llm/infer", SHORT_INFER);
    }

    @Test
    void aQueuedGenerateWhoseClientDisconnectsLeavesTheQueueAndARunningInferStops() throws Exception {
        String endlessInfer = "{\"inputs\":[{\"name\":\"text_input\",\"datatype\":\"BYTES\",\"shape\":[1],\"data\":[\"hold the slot\"]}],"
                + "\"parameters\":{\"max_tokens\":30000,\"ignore_eos\":true}}";
        queuedThenRunningDisconnect("/v2/models/llm/infer", endlessInfer, "/v2/models/llm/generate", SHORT);
    }

    private void queuedThenRunningDisconnect(String runningPath, String runningBody, String queuedPath, String queuedBody) throws Exception {
        long cancelled = stats().failures(ModelStatistics.FailureReason.CANCELED);
        long succeeded = stats().success.count();
        try (RawHttpRequest running = RawHttpRequest.send(base, runningPath, runningBody)) {
            // Running, not only in flight: while it still waits in the queue, the second request
            // would be refused (queue of one) instead of queued, and nothing would be cancelled.
            Await.until(() -> scheduler().inFlight() == 1 && scheduler().pending() == 0, "the long generation holds the only slot");
            try (RawHttpRequest queued = RawHttpRequest.send(base, queuedPath, queuedBody)) {
                Await.until(() -> scheduler().pending() == 1, "the second request waits in the queue");
            }
            Await.within(PROMPTLY, () -> scheduler().pending() == 0, "the disconnected request left the queue");
            Await.within(PROMPTLY, () -> stats().failures(ModelStatistics.FailureReason.CANCELED) == cancelled + 1, "it was counted as cancelled");
            assertEquals(1, scheduler().inFlight(), "all this while the long generation still ran");
        }
        Await.within(PROMPTLY, () -> scheduler().inFlight() == 0, "the disconnected generation stopped and freed the slot");
        Await.within(PROMPTLY, () -> stats().failures(ModelStatistics.FailureReason.CANCELED) == cancelled + 2, "it was counted as cancelled");
        assertEquals(succeeded, stats().success.count(), "neither request ran to its end");

        // The slot serves the next request at once (the client's timeout fails the test otherwise), not after 30,000 tokens.
        HttpResponse<String> next = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/v2/models/llm/generate"))
                .timeout(PROMPTLY).POST(HttpRequest.BodyPublishers.ofString(SHORT)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, next.statusCode(), next.body());
    }

    /**
     * generate_stream is not compressed even when the client accepts gzip, so its events are not
     * held back in a compressor: the first one arrives while the generation still runs.
     */
    @Test
    void generateStreamSendsEachPieceAtOnceEvenWhenTheClientAcceptsGzip() throws Exception {
        try (RawHttpRequest stream = RawHttpRequest.send(base, "/v2/models/llm/generate_stream", ENDLESS, "Accept-Encoding: gzip, deflate")) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(stream.socket.getInputStream(), StandardCharsets.UTF_8));
            List<String> head = new ArrayList<>();
            for (String line = reader.readLine(); line != null && !line.isEmpty(); line = reader.readLine()) {
                head.add(line.toLowerCase(Locale.ROOT));
            }
            assertTrue(head.get(0).contains(" 200"), head.toString());
            assertTrue(head.stream().noneMatch(h -> h.startsWith("content-encoding:") && !h.endsWith("identity")), "not compressed: " + head);
            String event;
            do {
                event = reader.readLine();
            } while (event != null && !event.startsWith("data:"));
            assertTrue(event != null && event.contains("text_output"), "the first piece: " + event);
            assertEquals(1, scheduler().inFlight(), "it came while the generation still ran");
        }
        Await.within(PROMPTLY, () -> scheduler().inFlight() == 0, "closing the stream stopped the generation");
    }

    private Scheduler<?> scheduler() {
        return served.require("llm").scheduler();
    }

    private ModelStatistics stats() {
        return served.require("llm").stats();
    }
}
