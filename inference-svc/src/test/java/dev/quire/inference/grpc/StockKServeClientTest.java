package dev.quire.inference.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;
import dev.quire.inference.Await;
import inference.GRPCInferenceServiceGrpc;
import inference.GrpcPredictV2.InferParameter;
import inference.GrpcPredictV2.InferTensorContents;
import inference.GrpcPredictV2.ModelInferRequest;
import inference.GrpcPredictV2.ModelInferResponse;
import inference.GrpcPredictV2.ModelMetadataRequest;
import inference.GrpcPredictV2.ModelMetadataResponse;
import inference.GrpcPredictV2.ModelReadyRequest;
import inference.GrpcPredictV2.ServerLiveRequest;
import inference.GrpcPredictV2.ServerMetadataRequest;
import inference.GrpcPredictV2.ServerMetadataResponse;
import inference.GrpcPredictV2.ServerReadyRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A stock third-party KServe v2 client against the running service: only the stubs that Apache
 * Camel's camel-kserve jar generated from KServe's unmodified grpc_predict_v2.proto (package
 * {@code inference}, Triton's core rpcs), none of Quire's own classes.
 */
@QuarkusTest
@TestProfile(RandomModelProfile.class)
class StockKServeClientTest {

    private static final int DIMENSION = 384;

    private ManagedChannel channel;

    @BeforeEach
    void connectAndWaitForTheModels() throws InterruptedException {
        int port = ConfigProvider.getConfig().getValue("quarkus.grpc.server.test-port", Integer.class);
        channel = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
        Await.within(Await.MODEL_LOAD, () -> ready("embedder") && ready("llm"), "embedder and llm are ready");
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }

    /** Every call is bounded: a hung server fails the test instead of hanging it. */
    private GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub() {
        return GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    private boolean ready(String model) {
        return stub().modelReady(ModelReadyRequest.newBuilder().setName(model).build()).getReady();
    }

    @Test
    void healthAndServerMetadata() {
        assertTrue(stub().serverLive(ServerLiveRequest.getDefaultInstance()).getLive());
        assertTrue(stub().serverReady(ServerReadyRequest.getDefaultInstance()).getReady());
        assertTrue(ready("embedder"));
        assertTrue(ready("llm"));
        assertFalse(ready("gpt-9"));
        ServerMetadataResponse server = stub().serverMetadata(ServerMetadataRequest.getDefaultInstance());
        assertEquals("quire", server.getName());
        assertFalse(server.getVersion().isEmpty());
        assertTrue(server.getExtensionsList().contains("parameters"), server.getExtensionsList().toString());
    }

    @Test
    void modelMetadataNamesTheTensors() {
        ModelMetadataResponse embedder = stub().modelMetadata(ModelMetadataRequest.newBuilder().setName("embedder").build());
        assertEquals("embedder", embedder.getName());
        assertEquals(List.of("1"), embedder.getVersionsList());
        assertEquals("onnxruntime_onnx", embedder.getPlatform());
        assertEquals("text", embedder.getInputs(0).getName());
        assertEquals("BYTES", embedder.getInputs(0).getDatatype());
        assertEquals(List.of(-1L), embedder.getInputs(0).getShapeList());
        assertEquals("embedding", embedder.getOutputs(0).getName());
        assertEquals("FP32", embedder.getOutputs(0).getDatatype());
        assertEquals(List.of(-1L, (long) DIMENSION), embedder.getOutputs(0).getShapeList());

        ModelMetadataResponse llm = stub().modelMetadata(ModelMetadataRequest.newBuilder().setName("llm").build());
        assertEquals("llm", llm.getName());
        assertEquals("text_input", llm.getInputs(0).getName());
        assertEquals("BYTES", llm.getInputs(0).getDatatype());
        assertEquals(List.of(1L), llm.getInputs(0).getShapeList());
        assertEquals("text_output", llm.getOutputs(0).getName());
        assertEquals("BYTES", llm.getOutputs(0).getDatatype());
        assertEquals(List.of(1L), llm.getOutputs(0).getShapeList());
    }

    private static final List<String> TEXTS = List.of("Show the ten largest customers by revenue.", "The cat sleeps on the warm windowsill.",
            "Show the ten largest customers by revenue.");

    private static ModelInferRequest.InferInputTensor.Builder textTensor() {
        return ModelInferRequest.InferInputTensor.newBuilder().setName("text").setDatatype("BYTES").addShape(TEXTS.size());
    }

    @Test
    void embedderTakesBytesContentsAndAnswersNormalisedVectors() {
        InferTensorContents.Builder contents = InferTensorContents.newBuilder();
        TEXTS.forEach(t -> contents.addBytesContents(ByteString.copyFromUtf8(t)));
        ModelInferResponse response = stub().modelInfer(ModelInferRequest.newBuilder().setModelName("embedder").setId("typed-1")
                .addInputs(textTensor().setContents(contents)).build());
        assertEquals("typed-1", response.getId());
        ModelInferResponse.InferOutputTensor output = response.getOutputs(0);
        assertEquals("embedding", output.getName());
        assertEquals("FP32", output.getDatatype());
        assertEquals(List.of(3L, (long) DIMENSION), output.getShapeList());
        float[][] rows = rows(output.getContents().getFp32ContentsList());
        checkVectors(rows);
    }

    /** Triton's clients send raw_input_contents by default: BYTES elements as a 4-byte little-endian length and the bytes. */
    @Test
    void rawContentsThatDoNotPairWithTheInputsAreRefused() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub().modelInfer(ModelInferRequest.newBuilder().setModelName("embedder")
                .addInputs(textTensor()).addRawInputContents(ByteString.EMPTY).addRawInputContents(ByteString.EMPTY).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("raw_input_contents holds 2 entries for 1 input(s)"), e.getStatus().getDescription());
    }

    @Test
    void embedderTakesRawInputContentsAndAnswersRawFp32() {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        for (String t : TEXTS) {
            byte[] utf8 = t.getBytes(StandardCharsets.UTF_8);
            raw.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(utf8.length).array());
            raw.writeBytes(utf8);
        }
        ModelInferResponse response = stub().modelInfer(ModelInferRequest.newBuilder().setModelName("embedder")
                .addInputs(textTensor()).addRawInputContents(ByteString.copyFrom(raw.toByteArray())).build());
        assertEquals(List.of(3L, (long) DIMENSION), response.getOutputs(0).getShapeList());
        ByteBuffer out = response.getRawOutputContents(0).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(3 * DIMENSION * 4, out.remaining());
        float[] flat = new float[3 * DIMENSION];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = out.getFloat();
        }
        float[][] rows = new float[3][];
        for (int r = 0; r < 3; r++) {
            rows[r] = java.util.Arrays.copyOfRange(flat, r * DIMENSION, (r + 1) * DIMENSION);
        }
        checkVectors(rows);
    }

    /** Normalised rows; the repeated text gives the same vector, the other text a different one. */
    private static void checkVectors(float[][] rows) {
        for (int r = 0; r < rows.length; r++) {
            double norm = 0;
            for (float v : rows[r]) {
                norm += v * v;
            }
            assertEquals(1.0, Math.sqrt(norm), 1e-3, "row " + r + " is L2-normalised");
        }
        assertEquals(1.0, Vectors.dot(rows[0], rows[2]), 1e-5, "the same text gives the same vector");
        double different = Vectors.dot(rows[0], rows[1]);
        assertTrue(different < 0.9, "two different texts give different vectors: cosine " + different);
    }

    private static float[][] rows(List<Float> flat) {
        assertEquals(3 * DIMENSION, flat.size());
        float[][] rows = new float[3][DIMENSION];
        for (int i = 0; i < flat.size(); i++) {
            rows[i / DIMENSION][i % DIMENSION] = flat.get(i);
        }
        return rows;
    }

    @Test
    void llmTurnsTextIntoTextWithMaxTokens() {
        ModelInferRequest request = ModelInferRequest.newBuilder().setModelName("llm")
                .putParameters("max_tokens", InferParameter.newBuilder().setInt64Param(3).build())
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("text_input").setDatatype("BYTES").addShape(1)
                        .setContents(InferTensorContents.newBuilder().addBytesContents(ByteString.copyFromUtf8("select the oldest"))))
                .build();
        ModelInferResponse response = stub().modelInfer(request);
        ModelInferResponse.InferOutputTensor output = response.getOutputs(0);
        assertEquals("text_output", output.getName());
        assertEquals("BYTES", output.getDatatype());
        String text = output.getContents().getBytesContents(0).toStringUtf8();
        assertFalse(text.isEmpty());
        assertEquals(text, stub().modelInfer(request).getOutputs(0).getContents().getBytesContents(0).toStringUtf8(), "greedy: same answer twice");

        ModelInferRequest oneToken = request.toBuilder().putParameters("max_tokens", InferParameter.newBuilder().setInt64Param(1).build()).build();
        String shorter = stub().modelInfer(oneToken).getOutputs(0).getContents().getBytesContents(0).toStringUtf8();
        assertTrue(text.startsWith(shorter) && shorter.length() < text.length(), "max_tokens 1 gives a prefix: '" + shorter + "' of '" + text + "'");
    }

    @Test
    void errorsCarryTheKServeStatusAndNameWhatIsWrong() {
        StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class, () -> stub().modelInfer(ModelInferRequest.newBuilder()
                .setModelName("gpt-9").addInputs(textTensor().setContents(InferTensorContents.newBuilder()
                        .addBytesContents(ByteString.copyFromUtf8("x")))).build()));
        assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());
        String description = unknown.getStatus().getDescription();
        assertTrue(description.contains("gpt-9") && description.contains("llm") && description.contains("embedder"), description);

        StatusRuntimeException datatype = assertThrows(StatusRuntimeException.class, () -> stub().modelInfer(ModelInferRequest.newBuilder()
                .setModelName("embedder").addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("text").setDatatype("FP32").addShape(1)
                        .setContents(InferTensorContents.newBuilder().addFp32Contents(0.5f))).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, datatype.getStatus().getCode());
        assertTrue(datatype.getStatus().getDescription().contains("'text'") && datatype.getStatus().getDescription().contains("expected BYTES"),
                datatype.getStatus().getDescription());
    }
}
