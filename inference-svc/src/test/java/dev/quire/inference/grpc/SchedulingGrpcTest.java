package dev.quire.inference.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.quire.common.inference.InferenceParameters;
import dev.quire.common.inference.TextTensors;
import dev.quire.inference.Await;
import dev.quire.inference.metrics.ModelStatistics;
import dev.quire.proto.inference.GRPCInferenceServiceGrpc;
import dev.quire.proto.inference.ModelInferRequest;
import dev.quire.proto.inference.ModelInferResponse;
import dev.quire.proto.inference.ModelReadyRequest;
import dev.quire.proto.inference.ModelStreamInferResponse;
import dev.quire.proto.inference.MutinyGRPCInferenceServiceGrpc;
import dev.quire.proto.inference.ServerReadyRequest;
import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Multi;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Queue behaviour through the real gRPC server: a model repository with llm on one slot and a queue
 * of one, and a model with a malformed config. Also the client's side of a call: its deadline and
 * its cancelling, seen from the server's scheduler and statistics.
 */
@QuarkusTest
@TestProfile(RepositoryProfile.class)
class SchedulingGrpcTest {

    @GrpcClient("inference")
    GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub blocking;

    @GrpcClient("inference")
    MutinyGRPCInferenceServiceGrpc.MutinyGRPCInferenceServiceStub mutiny;

    @GrpcClient("inference")
    Channel channel;

    @jakarta.inject.Inject
    dev.quire.inference.model.ServedModel served;

    @BeforeEach
    void waitUntilTheModelIsLoaded() throws InterruptedException {
        Await.within(Await.MODEL_LOAD, () -> blocking.modelReady(ModelReadyRequest.newBuilder().setName("llm").build()).getReady(), "llm is ready");
    }

    /** max_tokens of {@link #endless()}; RepositoryProfile raises the cap and context for it. */
    static final int ENDLESS_TOKENS = 30_000;

    private static ModelInferRequest.Builder request(String prompt, int maxTokens) {
        return ModelInferRequest.newBuilder().setModelName("llm").addInputs(TextTensors.textInput(TextTensors.TEXT_INPUT, prompt))
                .putParameters(InferenceParameters.MAX_TOKENS, TextTensors.intParam(maxTokens));
    }

    @Test
    void timeoutOverflowAndCancelWhileTheOnlySlotIsBusy() throws Exception {
        // A holds the only slot: an endless stream we cancel ourselves.
        long cancelled = llmStats().failures(ModelStatistics.FailureReason.CANCELED);
        long rejected = llmStats().failures(ModelStatistics.FailureReason.REJECTED);
        Hold streamA = new Hold();

        // B waits with a 1 ms queue timeout: answered DEADLINE_EXCEEDED while A still decodes.
        StatusRuntimeException timedOut = assertThrows(StatusRuntimeException.class, () -> blocking.modelInfer(request("b", 2)
                .putParameters(InferenceParameters.TIMEOUT_MICROSECONDS, TextTensors.intParam(1_000)).build()));
        assertEquals(Status.Code.DEADLINE_EXCEEDED, timedOut.getStatus().getCode(), timedOut.getStatus().toString());
        assertTrue(timedOut.getStatus().getDescription().contains("timeout of 1000 us"), timedOut.getStatus().getDescription());

        // C fills the queue of one; D is refused at once with the limit.
        CompletableFuture<ModelInferResponse> c = mutiny.modelInfer(request("c", 2).build()).subscribeAsCompletionStage();
        // C travels asynchronously; D must come after it
        Await.until(() -> served.require("llm").scheduler().pending() == 1, "C waits in the queue");
        StatusRuntimeException full = assertThrows(StatusRuntimeException.class, () -> blocking.modelInfer(request("d", 2).build()));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, full.getStatus().getCode(), full.getStatus().toString());
        assertTrue(full.getStatus().getDescription().contains("max_queue_size 1"), full.getStatus().getDescription());
        assertFalse(c.isDone(), "C is still queued behind A");
        // Both show in nv_inference_request_failure{reason="REJECTED"}: B at its timeout, D at the door.
        assertEquals(rejected + 2, llmStats().failures(ModelStatistics.FailureReason.REJECTED));

        // Cancelling A's call frees the slot for C: A would otherwise run for minutes.
        assertFalse(streamA.done.isDone(), "A's stream did not end by itself");
        streamA.close();
        ModelInferResponse answer = c.get(60, TimeUnit.SECONDS);
        assertTrue(TextTensors.readOutput(answer, TextTensors.TEXT_OUTPUT).isPresent());
        Await.until(() -> llmStats().failures(ModelStatistics.FailureReason.CANCELED) == cancelled + 1, "A was answered as cancelled");
    }

    @Test
    void malformedModelConfigIsReportedWithoutStoppingTheOthers() {
        assertTrue(blocking.serverReady(ServerReadyRequest.getDefaultInstance()).getReady(), "a malformed config does not block readiness");
        StatusRuntimeException ready = assertThrows(StatusRuntimeException.class,
                () -> blocking.modelReady(ModelReadyRequest.newBuilder().setName("broken").build()));
        assertEquals(Status.Code.FAILED_PRECONDITION, ready.getStatus().getCode());
        String why = ready.getStatus().getDescription();
        assertTrue(why.contains("broken/config.properties") && why.contains("'engine'") && why.contains("llama.cpp | onnx | triton | openai"), why);

        StatusRuntimeException infer = assertThrows(StatusRuntimeException.class, () -> blocking.modelInfer(
                ModelInferRequest.newBuilder().setModelName("broken").addInputs(TextTensors.textInput(TextTensors.TEXT_INPUT, "hi")).build()));
        assertEquals(Status.Code.UNAVAILABLE, infer.getStatus().getCode());
        assertTrue(infer.getStatus().getDescription().contains("tensorflow"), infer.getStatus().getDescription());

        StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class, () -> blocking.modelInfer(
                ModelInferRequest.newBuilder().setModelName("gpt-9").addInputs(TextTensors.textInput(TextTensors.TEXT_INPUT, "hi")).build()));
        assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());
        assertTrue(unknown.getStatus().getDescription().contains("[llm]"), unknown.getStatus().getDescription());

        // Triton's HTTP repository index lists it with the reason; asked for ready models only, it leaves it out.
        io.restassured.RestAssured.given().post("/v2/repository/index").then().statusCode(200)
                .body("find { it.name == 'broken' }.state", org.hamcrest.Matchers.equalTo("UNAVAILABLE"))
                .body("find { it.name == 'broken' }.reason", org.hamcrest.Matchers.containsString("'engine'"));
        io.restassured.RestAssured.given().contentType("application/json").body("{\"ready\":true}").post("/v2/repository/index")
                .then().statusCode(200).body("name", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("broken")))
                .body("name", org.hamcrest.Matchers.hasItem("llm"));
    }

    // ---- the client's deadline and cancel -----------------------------------------------------

    /**
     * A generation that outlasts any test here (greedy, no end-of-sequence within 30,000 tokens of
     * this prompt; the random model decodes ~3 tokens/ms but slows as the context fills).
     */
    private static ModelInferRequest.Builder endless() {
        return request("hold the slot", ENDLESS_TOKENS);
    }

    /**
     * An endless stream holding llm's only slot, called through grpc-java's own stub in a
     * cancellable Context: closing it cancels the call (HTTP/2 RST_STREAM) as a client that goes
     * away does. (Cancelling a Quarkus Mutiny client stream only stops its side; the call stays.)
     */
    private final class Hold implements AutoCloseable {
        final Context.CancellableContext call = Context.current().withCancellation();
        /** Completes when the stream ends; before {@link #close()} the tests rule that out. */
        final CompletableFuture<Void> done = new CompletableFuture<>();

        Hold() throws InterruptedException {
            CountDownLatch firstPiece = new CountDownLatch(1);
            call.run(() -> {
                StreamObserver<ModelInferRequest> requests = GRPCInferenceServiceGrpc.newStub(channel).withDeadlineAfter(120, TimeUnit.SECONDS)
                        .modelStreamInfer(new StreamObserver<>() {
                            @Override
                            public void onNext(ModelStreamInferResponse response) {
                                firstPiece.countDown();
                            }

                            @Override
                            public void onError(Throwable t) {
                                done.completeExceptionally(t);
                            }

                            @Override
                            public void onCompleted() {
                                done.complete(null);
                            }
                        });
                requests.onNext(endless().build());
                requests.onCompleted();
            });
            assertTrue(firstPiece.await(60, TimeUnit.SECONDS), "the long stream started");
        }

        @Override
        public void close() {
            call.cancel(null);
        }
    }

    private ModelStatistics llmStats() {
        return served.require("llm").stats();
    }

    /**
     * Requests the server gave up on: at their deadline (REJECTED), or because the client reset the
     * call when its own deadline fired, which may reach the server first (CANCELED).
     */
    private long givenUp() {
        return llmStats().failures(ModelStatistics.FailureReason.REJECTED) + llmStats().failures(ModelStatistics.FailureReason.CANCELED);
    }

    @Test
    void aQueuedRequestIsAnsweredAtTheClientsDeadlineAndLeavesTheQueue() throws Exception {
        long givenUp = givenUp();
        try (Hold hold = new Hold()) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> blocking.withDeadlineAfter(100, TimeUnit.MILLISECONDS).modelInfer(request("queued", 2).build()));
            assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode(), e.getStatus().toString());

            Await.until(() -> givenUp() == givenUp + 1, "the server gave the request up");
            assertEquals(0, served.require("llm").scheduler().pending(), "it left the queue");
            assertFalse(hold.done.isDone(), "all this while the long stream still held the only slot");
        }
        Await.until(() -> served.require("llm").scheduler().inFlight() == 0, "the slot is free again");
    }

    @Test
    void aRunningGenerationStopsAtTheClientsDeadline() throws Exception {
        long givenUp = givenUp();
        long succeeded = llmStats().success.count();
        CountDownLatch firstPiece = new CountDownLatch(1);
        List<ModelStreamInferResponse> responses = new CopyOnWriteArrayList<>();
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        mutiny.withDeadlineAfter(1, TimeUnit.SECONDS).modelStreamInfer(Multi.createFrom().item(endless().build()))
                .subscribe().with(r -> {
                    responses.add(r);
                    firstPiece.countDown();
                }, ended::complete, () -> ended.complete(null));
        assertTrue(firstPiece.await(60, TimeUnit.SECONDS), "the generation started");

        // The client's own timer and the server's answer (an error_message in the stream, as Triton
        // reports a failed request of a stream) race at the deadline: either is the deadline.
        Throwable seen = ended.get(60, TimeUnit.SECONDS);
        String last = responses.get(responses.size() - 1).getErrorMessage();
        assertTrue(seen instanceof StatusRuntimeException sre ? sre.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED
                : last.startsWith("DEADLINE_EXCEEDED") && last.contains("the client's deadline"), seen + " / " + last + " after " + responses.size() + " responses");
        Await.until(() -> served.require("llm").scheduler().inFlight() == 0, "the slot was freed");
        Await.until(() -> givenUp() == givenUp + 1, "the generation was stopped");
        assertEquals(succeeded, llmStats().success.count(), "it did not run to its end");
    }

    @Test
    void cancellingAUnaryCallTakesItsRequestOutOfTheQueue() throws Exception {
        long cancelled = llmStats().failures(ModelStatistics.FailureReason.CANCELED);
        try (Hold hold = new Hold()) {
            Context.CancellableContext call = Context.current().withCancellation();
            ListenableFuture<ModelInferResponse> answer = call.call(() -> GRPCInferenceServiceGrpc.newFutureStub(channel)
                    .withDeadlineAfter(60, TimeUnit.SECONDS).modelInfer(request("queued", 2).build()));
            Await.until(() -> served.require("llm").scheduler().pending() == 1, "the request waits in the queue");

            call.cancel(null);
            Await.until(() -> served.require("llm").scheduler().pending() == 0, "the cancelled request left the queue");
            Await.until(() -> llmStats().failures(ModelStatistics.FailureReason.CANCELED) == cancelled + 1, "answered as cancelled");
            assertTrue(answer.isCancelled() || answer.isDone());
            assertFalse(hold.done.isDone(), "all this while the long stream still held the only slot");
        }
        Await.until(() -> served.require("llm").scheduler().inFlight() == 0, "the slot is free again");
    }
}
