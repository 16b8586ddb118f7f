package dev.quire.inference.engine.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import dev.quire.common.inference.InferenceParameters;
import dev.quire.common.inference.TextTensors;
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

    @BeforeEach
    void waitUntilReady() throws InterruptedException {
        for (int i = 0; i < 300 && !stub().serverReady(ServerReadyRequest.getDefaultInstance()).getReady(); i++) {
            Thread.sleep(100);
        }
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
     * must bound the remote call, so the engine, not the client's 30 s deadline, gives up, naming the remote.
     */
    @Test
    void theRequestTimeoutBoundsTheRemoteCall() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub().modelInfer(request("triton-hang", "x")
                .putParameters(InferenceParameters.TIMEOUT_MICROSECONDS, TextTensors.intParam(300_000)).build()));
        assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode(), e.getStatus().toString());
        assertTrue(e.getStatus().getDescription().contains("remote Triton at localhost:"), e.getStatus().getDescription());
    }
}
