package dev.quire.inference.engine.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.quire.common.inference.InferenceParameters;
import dev.quire.common.inference.TextTensors;
import dev.quire.inference.Await;
import dev.quire.inference.metrics.ModelStatistics;
import dev.quire.inference.model.ServedModel;
import dev.quire.proto.inference.GRPCInferenceServiceGrpc;
import dev.quire.proto.inference.ModelInferRequest;
import dev.quire.proto.inference.ModelInferResponse;
import dev.quire.proto.inference.ModelMetadataRequest;
import dev.quire.proto.inference.ServerReadyRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Remote engines registered in the engine factory, configured from a model repository and served
 * through the scheduler over real gRPC ModelInfer (text_input -> text_output), against in-test
 * servers speaking KServe v2 gRPC and the OpenAI HTTP API.
 */
@QuarkusTest
@TestProfile(RemoteRepositoryProfile.class)
class RemoteEnginesGrpcTest {

    @GrpcClient("inference")
    GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub blocking;

    @Inject
    ServedModel served;

    @BeforeEach
    void waitUntilReady() throws InterruptedException {
        Await.within(Await.MODEL_LOAD, () -> stub().serverReady(ServerReadyRequest.getDefaultInstance()).getReady(), "the server is ready");
    }

    /** Every call is bounded: a hung server fails the test instead of hanging it. */
    private GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub() {
        return blocking.withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    private static ModelInferRequest.Builder request(String model, String prompt) {
        return ModelInferRequest.newBuilder().setModelName(model).addInputs(TextTensors.textInput(TextTensors.TEXT_INPUT, prompt))
                .putParameters(InferenceParameters.MAX_TOKENS, TextTensors.intParam(8));
    }

    @Test
    void tritonModelAnswersThroughTheRemoteServer() {
        ModelInferResponse response = stub().modelInfer(request("triton", "hello triton").build());
        assertEquals("echo:hello triton", TextTensors.readOutput(response, TextTensors.TEXT_OUTPUT).orElseThrow());
        assertEquals("triton", response.getModelName());
        String platform = stub().modelMetadata(ModelMetadataRequest.newBuilder().setName("triton").build()).getPlatform();
        assertTrue(platform.startsWith("triton:"), platform);
    }

    @Test
    void embeddingRequestsAreBatchedIntoOneRemoteCall() throws Exception {
        FakeTritonServer remote = RemoteRepositoryProfile.embeddingServer;
        int before = remote.requests.size();
        List<String> texts = List.of("a", "bb", "ccc", "dddd");
        List<java.util.concurrent.CompletableFuture<ModelInferResponse>> answers = new java.util.ArrayList<>();
        var async = GRPCInferenceServiceGrpc.newFutureStub(blocking.getChannel()).withDeadlineAfter(30, TimeUnit.SECONDS);
        for (String text : texts) {
            var future = async.modelInfer(ModelInferRequest.newBuilder().setModelName("triton-embedder")
                    .addInputs(TextTensors.textInput("text", text)).build());
            answers.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return future.get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (int i = 0; i < texts.size(); i++) {
            ModelInferResponse response = answers.get(i).get(30, TimeUnit.SECONDS);
            assertEquals(List.of(1L, 3L), response.getOutputs(0).getShapeList());
            List<Float> row = response.getOutputs(0).getContents().getFp32ContentsList();
            // The fake's row is (length, 1, 0); each request gets its own row back, normalised.
            double norm = Math.sqrt(texts.get(i).length() * texts.get(i).length() + 1);
            assertEquals(texts.get(i).length() / norm, row.get(0), 1e-6, "row of '" + texts.get(i) + "'");
        }
        assertEquals(before + 1, remote.requests.size(), "four requests, one remote call");
        assertEquals(4, TextTensors.readInput(remote.requests.get(before), "text").orElseThrow().size());
        var metadata = stub().modelMetadata(ModelMetadataRequest.newBuilder().setName("triton-embedder").build());
        assertEquals(List.of(-1L, 3L), metadata.getOutputs(0).getShapeList(), "the dimension, once the remote has answered");
    }

    @Test
    void openAiModelAnswersThroughTheRemoteServer() {
        ModelInferResponse response = stub().modelInfer(request("openai", "hello openai").build());
        assertEquals("echo:hello openai", TextTensors.readOutput(response, TextTensors.TEXT_OUTPUT).orElseThrow());
    }

    @Test
    void unreachableRemotesAnswerUnavailableNamingTheEndpoint() {
        StatusRuntimeException triton = assertThrows(StatusRuntimeException.class, () -> stub().modelInfer(request("triton-down", "x").build()));
        assertEquals(Status.Code.UNAVAILABLE, triton.getStatus().getCode(), triton.getStatus().toString());
        assertTrue(triton.getStatus().getDescription().contains("127.0.0.1:"), triton.getStatus().getDescription());

        StatusRuntimeException openAi = assertThrows(StatusRuntimeException.class, () -> stub().modelInfer(request("openai-down", "x").build()));
        assertEquals(Status.Code.UNAVAILABLE, openAi.getStatus().getCode(), openAi.getStatus().toString());
        assertTrue(openAi.getStatus().getDescription().contains("127.0.0.1:"), openAi.getStatus().getDescription());
    }

    /**
     * The remote never answers and the model's own timeout is 60 s: the request's 'timeout' (300 ms)
     * must bound the remote call, so the server, not the client's 30 s deadline, gives up: the
     * engine's call to the remote ends (naming it), or the scheduler stops the request at the same
     * moment (naming the timeout), whichever is first.
     */
    @Test
    void theRequestTimeoutBoundsTheRemoteCall() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub().modelInfer(request("triton-hang", "x")
                .putParameters(InferenceParameters.TIMEOUT_MICROSECONDS, TextTensors.intParam(300_000)).build()));
        assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode(), e.getStatus().toString());
        String why = e.getStatus().getDescription();
        assertTrue(why.contains("remote Triton at localhost:") || why.contains("passed its timeout of 300000 us"), why);
    }

    /** The milliseconds left that the remote Triton saw on the call's deadline. */
    private static long remoteSawMillis(ModelInferResponse response) {
        String seen = TextTensors.readOutput(response, TextTensors.TEXT_OUTPUT).orElseThrow();
        assertTrue(seen.startsWith("deadline-ms:"), "the remote saw no deadline: " + seen);
        return Long.parseLong(seen.substring("deadline-ms:".length()));
    }

    /**
     * The remote's own default is 60 s: the call it gets carries the time the client has left
     * instead (never more), and with a shorter request 'timeout' that one.
     */
    @Test
    void theRemoteTritonGetsTheTimeLeftOfTheClientsDeadline() {
        long twenty = remoteSawMillis(blocking.withDeadlineAfter(20, TimeUnit.SECONDS).modelInfer(request("triton-deadline", "x").build()));
        assertTrue(twenty > 10_000 && twenty <= 20_000, "client deadline 20 s, remote saw " + twenty + " ms");

        long forty = remoteSawMillis(blocking.withDeadlineAfter(40, TimeUnit.SECONDS).modelInfer(request("triton-deadline", "x").build()));
        assertTrue(forty > 30_000 && forty <= 40_000, "client deadline 40 s, remote saw " + forty + " ms");

        long timeout = remoteSawMillis(blocking.withDeadlineAfter(40, TimeUnit.SECONDS).modelInfer(request("triton-deadline", "x")
                .putParameters(InferenceParameters.TIMEOUT_MICROSECONDS, TextTensors.intParam(5_000_000)).build()));
        assertTrue(timeout > 0 && timeout <= 5_000, "request timeout 5 s under a 40 s client deadline, remote saw " + timeout + " ms");
    }

    /**
     * Requests the server gave up on: at their deadline (REJECTED), or because the client reset the
     * call when its own deadline fired, which may reach the server first (CANCELED).
     */
    private static long givenUp(ModelStatistics stats) {
        return stats.failures(ModelStatistics.FailureReason.REJECTED) + stats.failures(ModelStatistics.FailureReason.CANCELED);
    }

    /**
     * OpenAI-compatible servers that never answer, or stall in the middle of a stream, with a 60 s
     * default: the call is given up at the client's 1 s deadline (its HTTP timeout, or the stream
     * closed), so the model's slot is free long before 60 s.
     */
    @Test
    void anOpenAiCallIsGivenUpAtTheClientsDeadline() throws InterruptedException {
        for (String model : List.of("openai-hang", "openai-stall")) {
            ModelStatistics stats = served.require(model).stats();
            long givenUp = givenUp(stats);
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> blocking.withDeadlineAfter(1, TimeUnit.SECONDS).modelInfer(request(model, "x").build()));
            assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode(), model + ": " + e.getStatus());
            for (int i = 0; i < 2000 && (givenUp(stats) == givenUp || served.require(model).scheduler().inFlight() > 0); i++) {
                Thread.sleep(10); // bounded at 20 s, a third of the remote's own 60 s
            }
            assertEquals(givenUp + 1, givenUp(stats), model + ": the server gave the request up");
            assertEquals(0, served.require(model).scheduler().inFlight(), model + ": its slot is free");
        }
    }
}
