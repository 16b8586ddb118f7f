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
import dev.quire.proto.inference.GRPCInferenceServiceGrpc;
import dev.quire.proto.inference.ModelInferRequest;
import dev.quire.proto.inference.ModelInferResponse;
import dev.quire.proto.inference.ModelReadyRequest;
import dev.quire.proto.inference.ModelStreamInferResponse;
import dev.quire.proto.inference.MutinyGRPCInferenceServiceGrpc;
import dev.quire.proto.inference.ServerReadyRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Queue behaviour through the real gRPC server: a model repository with llm on one slot and a queue
 * of one, and a model with a malformed config.
 */
@QuarkusTest
@TestProfile(RepositoryProfile.class)
class SchedulingGrpcTest {

    @GrpcClient("inference")
    GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub blocking;

    @GrpcClient("inference")
    MutinyGRPCInferenceServiceGrpc.MutinyGRPCInferenceServiceStub mutiny;

    @jakarta.inject.Inject
    dev.quire.inference.model.ServedModel served;

    @BeforeEach
    void waitUntilTheModelIsLoaded() throws InterruptedException {
        for (int i = 0; i < 600 && !blocking.modelReady(ModelReadyRequest.newBuilder().setName("llm").build()).getReady(); i++) {
            Thread.sleep(100);
        }
    }

    private static ModelInferRequest.Builder request(String prompt, int maxTokens) {
        return ModelInferRequest.newBuilder().setModelName("llm").addInputs(TextTensors.textInput(TextTensors.TEXT_INPUT, prompt))
                .putParameters(InferenceParameters.MAX_TOKENS, TextTensors.intParam(maxTokens));
    }

    @Test
    void timeoutOverflowAndCancelWhileTheOnlySlotIsBusy() throws Exception {
        // A holds the only slot: a long stream we cancel ourselves.
        CountDownLatch firstPiece = new CountDownLatch(1);
        List<ModelStreamInferResponse> pieces = new CopyOnWriteArrayList<>();
        Cancellable streamA = mutiny.modelStreamInfer(Multi.createFrom().item(request("the long one", 2048).build()))
                .subscribe().with(r -> {
                    pieces.add(r);
                    firstPiece.countDown();
                });
        assertTrue(firstPiece.await(60, TimeUnit.SECONDS), "the long stream started");

        // B waits with a 1 ms queue timeout: answered DEADLINE_EXCEEDED while A still decodes.
        StatusRuntimeException timedOut = assertThrows(StatusRuntimeException.class, () -> blocking.modelInfer(request("b", 2)
                .putParameters(InferenceParameters.TIMEOUT_MICROSECONDS, TextTensors.intParam(1_000)).build()));
        assertEquals(Status.Code.DEADLINE_EXCEEDED, timedOut.getStatus().getCode(), timedOut.getStatus().toString());
        assertTrue(timedOut.getStatus().getDescription().contains("timeout of 1000 us"), timedOut.getStatus().getDescription());

        // C fills the queue of one; D is refused at once with the limit.
        CompletableFuture<ModelInferResponse> c = mutiny.modelInfer(request("c", 2).build()).subscribeAsCompletionStage();
        for (int i = 0; i < 600 && served.require("llm").scheduler().pending() == 0; i++) {
            Thread.sleep(10); // C travels asynchronously; D must come after it
        }
        assertEquals(1, served.require("llm").scheduler().pending(), "C waits in the queue");
        StatusRuntimeException full = assertThrows(StatusRuntimeException.class, () -> blocking.modelInfer(request("d", 2).build()));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, full.getStatus().getCode(), full.getStatus().toString());
        assertTrue(full.getStatus().getDescription().contains("max_queue_size 1"), full.getStatus().getDescription());
        assertFalse(c.isDone(), "C is still queued behind A");

        // Cancelling A frees the slot for C.
        streamA.cancel();
        ModelInferResponse answer = c.get(60, TimeUnit.SECONDS);
        assertTrue(TextTensors.readOutput(answer, TextTensors.TEXT_OUTPUT).isPresent());
        assertTrue(pieces.size() < 2048, "A stopped early: " + pieces.size() + " pieces");
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
    }
}
