package dev.quire.sqlchat.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.quire.common.QuireException;
import dev.quire.common.inference.GenerationRequest;
import dev.quire.common.inference.GenerationResult;
import dev.quire.common.inference.TextGenerationClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** TextGenerationClient.generateStreaming against the KServe fake over real gRPC (ModelStreamInfer). */
@QuarkusTest
class StreamingGenerationTest {

    @Inject
    TextGenerationClient client;

    @Test
    void piecesArriveInOrderAndMakeTheWholeText() {
        List<String> pieces = new ArrayList<>();
        GenerationResult result = client.generateStreaming(
                GenerationRequest.greedy("Question: List customers", 64, Instant.now().plusSeconds(30)), pieces::add);
        assertEquals("SELECT * FROM customers;", result.text());
        assertEquals(List.of("SELECT ", "* FROM ", "custome", "rs;"), pieces);
        assertEquals(List.of(FakeInferenceService.WARNING), result.warnings());
    }

    @Test
    void aConsumerThatStopsCancelsTheCallAndItsExceptionPropagates() throws Exception {
        FakeInferenceService.streamCancelled = new CountDownLatch(1);
        IllegalStateException stop = new IllegalStateException("the client went away");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> client.generateStreaming(
                GenerationRequest.greedy("Question: " + FakeInferenceService.STALL, 64, Instant.now().plusSeconds(30)),
                piece -> {
                    throw stop;
                }));
        assertSame(stop, thrown);
        assertTrue(FakeInferenceService.streamCancelled.await(20, TimeUnit.SECONDS), "inference-svc saw the cancellation");
    }

    @Test
    void theDeadlineEndsAStreamThatStalls() {
        List<String> pieces = new ArrayList<>();
        QuireException e = assertThrows(QuireException.DeadlineExceeded.class, () -> client.generateStreaming(
                GenerationRequest.greedy("Question: " + FakeInferenceService.STALL, 64, Instant.now().plusMillis(500)), pieces::add));
        assertEquals(List.of("SELECT "), pieces, "what came before the deadline was delivered");
        assertTrue(e.getMessage().startsWith("the model did not"), e.getMessage());
    }

    @Test
    void aPassedDeadlineFailsBeforeCallingTheModel() {
        assertThrows(QuireException.DeadlineExceeded.class, () -> client.generateStreaming(
                GenerationRequest.greedy("Question: List customers", 64, Instant.now().minusSeconds(1)), piece -> { }));
    }
}
