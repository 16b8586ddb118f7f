package dev.quire.inference.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;
import dev.quire.common.inference.TextTensors;
import dev.quire.inference.Await;
import dev.quire.proto.inference.GRPCInferenceServiceGrpc;
import dev.quire.proto.inference.InferTensorContents;
import dev.quire.proto.inference.ModelInferRequest;
import dev.quire.proto.inference.ModelInferResponse;
import dev.quire.proto.inference.ModelMetadataRequest;
import dev.quire.proto.inference.ModelMetadataResponse;
import dev.quire.proto.inference.ModelReadyRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The built-in {@code embedder} (all-MiniLM-L6-v2 on ONNX Runtime) over real gRPC: served by default
 * next to {@code llm}, BYTES in, normalised FP32 [n, 384] out, its bad-input answers, and requests of
 * concurrent clients batched together by the scheduler's dynamic batcher.
 */
@QuarkusTest
@TestProfile(RandomModelProfile.class)
class EmbeddingGrpcTest {

    private static final int DIMENSION = 384;

    @GrpcClient("inference")
    GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub blocking;

    @GrpcClient("inference")
    io.grpc.Channel channel;

    @BeforeEach
    void waitUntilTheEmbedderIsLoaded() throws InterruptedException {
        Await.within(Await.MODEL_LOAD, () -> ready("embedder"), "embedder is ready");
    }

    private boolean ready(String model) {
        return stub().modelReady(ModelReadyRequest.newBuilder().setName(model).build()).getReady();
    }

    /** Every call is bounded: a hung server fails the test instead of hanging it. */
    private GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub() {
        return blocking.withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    private static ModelInferRequest.Builder embed(String... texts) {
        InferTensorContents.Builder contents = InferTensorContents.newBuilder();
        for (String t : texts) {
            contents.addBytesContents(ByteString.copyFromUtf8(t));
        }
        return ModelInferRequest.newBuilder().setModelName("embedder").addInputs(ModelInferRequest.InferInputTensor.newBuilder()
                .setName("text").setDatatype(TextTensors.BYTES).addShape(texts.length).setContents(contents));
    }

    @Test
    void servedByDefaultNextToLlmAndDescribedByMetadata() {
        assertTrue(ready("embedder"));
        assertTrue(ready("llm"));
        ModelMetadataResponse metadata = stub().modelMetadata(ModelMetadataRequest.newBuilder().setName("embedder").build());
        assertEquals("text", metadata.getInputs(0).getName());
        assertEquals("BYTES", metadata.getInputs(0).getDatatype());
        assertEquals(List.of(-1L), metadata.getInputs(0).getShapeList());
        assertEquals("embedding", metadata.getOutputs(0).getName());
        assertEquals("FP32", metadata.getOutputs(0).getDatatype());
        assertEquals(List.of(-1L, (long) DIMENSION), metadata.getOutputs(0).getShapeList());

        var config = io.grpc.stub.ClientCalls.blockingUnaryCall(channel, TritonAdminMethods.MODEL_CONFIG,
                io.grpc.CallOptions.DEFAULT.withDeadlineAfter(60, TimeUnit.SECONDS),
                dev.quire.inference.proto.ModelConfigRequest.newBuilder().setName("embedder").build()).getConfig();
        assertEquals(32, config.getMaxBatchSize());
        assertEquals("onnx", config.getBackend());
        assertEquals(DIMENSION, config.getOutput(0).getDims(0));
    }

    @Test
    void textsBecomeNormalisedVectorsAndSimilarTextsAreClose() {
        ModelInferResponse response = stub().modelInfer(embed("How many orders were placed in March?",
                "Count the orders from March.", "The cat sleeps on the warm windowsill.").build());
        var output = response.getOutputs(0);
        assertEquals("embedding", output.getName());
        assertEquals("FP32", output.getDatatype());
        assertEquals(List.of(3L, (long) DIMENSION), output.getShapeList());
        List<Float> values = output.getContents().getFp32ContentsList();
        assertEquals(3 * DIMENSION, values.size());
        float[][] rows = new float[3][DIMENSION];
        for (int r = 0; r < 3; r++) {
            double norm = 0;
            for (int c = 0; c < DIMENSION; c++) {
                rows[r][c] = values.get(r * DIMENSION + c);
                norm += rows[r][c] * rows[r][c];
            }
            assertEquals(1.0, Math.sqrt(norm), 1e-3, "row " + r + " is L2-normalised");
        }
        double paraphrase = Vectors.dot(rows[0], rows[1]);
        double unrelated = Vectors.dot(rows[0], rows[2]);
        assertTrue(paraphrase > unrelated + 0.2, "paraphrase " + paraphrase + " vs unrelated " + unrelated);
    }

    @Test
    void httpInferAnswersTheVectorsAsJson() {
        io.restassured.RestAssured.given().contentType("application/json")
                .body("{\"inputs\":[{\"name\":\"text\",\"datatype\":\"BYTES\",\"shape\":[2],\"data\":[\"one\",\"two\"]}]}")
                .post("/v2/models/embedder/infer")
                .then().statusCode(200)
                .body("outputs[0].name", org.hamcrest.Matchers.equalTo("embedding"))
                .body("outputs[0].datatype", org.hamcrest.Matchers.equalTo("FP32"))
                .body("outputs[0].shape", org.hamcrest.Matchers.equalTo(List.of(2, DIMENSION)))
                .body("outputs[0].data.size()", org.hamcrest.Matchers.equalTo(2 * DIMENSION));
    }

    /** Triton's generate extension puts every output at the top level: here the vector, not an empty text_output. */
    @Test
    void httpGenerateAnswersTheVectorUnderTheOutputName() {
        String text = "How many orders were placed in March?";
        List<Float> expected = stub().modelInfer(embed(text).build()).getOutputs(0).getContents().getFp32ContentsList();
        List<Float> generated = io.restassured.RestAssured.given().contentType("application/json")
                .body("{\"text\":\"" + text + "\"}")
                .post("/v2/models/embedder/generate")
                .then().statusCode(200)
                .body("model_name", org.hamcrest.Matchers.equalTo("embedder"))
                .body("model_version", org.hamcrest.Matchers.equalTo("1"))
                .body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("text_output")))
                .extract().jsonPath().getList("embedding", Float.class);
        assertEquals(DIMENSION, generated.size());
        for (int i = 0; i < DIMENSION; i++) {
            assertEquals(expected.get(i), generated.get(i), 1e-4, "element " + i);
        }
    }

    @Test
    void rawTensorsAreAnsweredRaw() {
        ModelInferRequest request = ModelInferRequest.newBuilder().setModelName("embedder")
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("text").setDatatype("BYTES").addShape(2).addShape(1))
                .addRawInputContents(TextTensors.encodeRaw(List.of("first", "second"))).build();
        ModelInferResponse response = stub().modelInfer(request);
        assertEquals(List.of(2L, (long) DIMENSION), response.getOutputs(0).getShapeList());
        assertEquals(2 * DIMENSION * Float.BYTES, response.getRawOutputContents(0).size());
    }

    @Test
    void badTensorsAreRefusedNamingTheInputAndTheExpectedValue() {
        String[] tooMany = new String[33];
        java.util.Arrays.fill(tooMany, "x");
        StatusRuntimeException overBatch = assertThrows(StatusRuntimeException.class, () -> stub().modelInfer(embed(tooMany).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, overBatch.getStatus().getCode());
        assertTrue(overBatch.getStatus().getDescription().contains("33") && overBatch.getStatus().getDescription().contains("max_batch_size")
                && overBatch.getStatus().getDescription().contains("32"), overBatch.getStatus().getDescription());

        ModelInferRequest fp32 = ModelInferRequest.newBuilder().setModelName("embedder")
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("text").setDatatype("FP32").addShape(1)
                        .setContents(InferTensorContents.newBuilder().addFp32Contents(1f))).build();
        StatusRuntimeException datatype = assertThrows(StatusRuntimeException.class, () -> stub().modelInfer(fp32));
        assertEquals(Status.Code.INVALID_ARGUMENT, datatype.getStatus().getCode());
        assertTrue(datatype.getStatus().getDescription().contains("'text'") && datatype.getStatus().getDescription().contains("expected BYTES"),
                datatype.getStatus().getDescription());

        ModelInferRequest badShape = embed("a", "b").setInputs(0, embed("a", "b").getInputs(0).toBuilder().clearShape().addShape(1).addShape(2)).build();
        StatusRuntimeException shape = assertThrows(StatusRuntimeException.class, () -> stub().modelInfer(badShape));
        assertEquals(Status.Code.INVALID_ARGUMENT, shape.getStatus().getCode());
        assertTrue(shape.getStatus().getDescription().contains("'text'") && shape.getStatus().getDescription().contains("[n]"),
                shape.getStatus().getDescription());

        ModelInferRequest truncatedRaw = ModelInferRequest.newBuilder().setModelName("embedder")
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("text").setDatatype("BYTES").addShape(1))
                .addRawInputContents(ByteString.copyFrom(new byte[] {9, 0, 0, 0, 'a'})).build();
        StatusRuntimeException raw = assertThrows(StatusRuntimeException.class, () -> stub().modelInfer(truncatedRaw));
        assertEquals(Status.Code.INVALID_ARGUMENT, raw.getStatus().getCode(), "a malformed raw tensor is the client's error, not an internal one");
        assertTrue(raw.getStatus().getDescription().contains("'text'") && raw.getStatus().getDescription().contains("claims 9 bytes"),
                raw.getStatus().getDescription());

        ModelInferRequest wrongName = ModelInferRequest.newBuilder().setModelName("embedder")
                .addInputs(TextTensors.textInput(TextTensors.TEXT_INPUT, "hello")).build();
        StatusRuntimeException name = assertThrows(StatusRuntimeException.class, () -> stub().modelInfer(wrongName));
        assertEquals(Status.Code.INVALID_ARGUMENT, name.getStatus().getCode());
        assertTrue(name.getStatus().getDescription().contains("'text'") && name.getStatus().getDescription().contains("text_input"),
                name.getStatus().getDescription());
    }

    /** Many clients at once, one text each: the dynamic batcher must put several of them into one engine call. */
    @Test
    void concurrentClientsAreBatchedTogether() throws Exception {
        int clients = 24;
        var before = statistics();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<ModelInferResponse>> answers = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                String text = "question number " + i + " about the orders table";
                answers.add(pool.submit(() -> {
                    assertTrue(start.await(30, TimeUnit.SECONDS));
                    return stub().modelInfer(embed(text).build());
                }));
            }
            start.countDown();
            for (Future<ModelInferResponse> answer : answers) {
                assertEquals(List.of(1L, (long) DIMENSION), answer.get(90, TimeUnit.SECONDS).getOutputs(0).getShapeList());
            }
        } finally {
            pool.shutdownNow();
        }
        var after = statistics();
        long requests = after.getInferenceCount() - before.getInferenceCount();
        long executions = after.getExecutionCount() - before.getExecutionCount();
        assertEquals(clients, requests, after.toString());
        assertTrue(executions < requests, "executions " + executions + " for " + requests + " requests: " + after);
        int largest = after.getBatchStatsList().stream().mapToInt(b -> (int) b.getBatchSize()).max().orElse(0);
        assertTrue(largest > 1, "batch sizes seen: " + after.getBatchStatsList());
        System.out.println("embedder batching: " + requests + " requests in " + executions + " executions; batch sizes "
                + after.getBatchStatsList().stream().map(b -> b.getBatchSize() + "x" + b.getComputeInfer().getCount()).toList());
    }

    private dev.quire.inference.proto.ModelStatistics statistics() {
        return io.grpc.stub.ClientCalls.blockingUnaryCall(channel, TritonAdminMethods.MODEL_STATISTICS,
                io.grpc.CallOptions.DEFAULT.withDeadlineAfter(60, TimeUnit.SECONDS),
                dev.quire.inference.proto.ModelStatisticsRequest.newBuilder().setName("embedder").build()).getModelStats(0);
    }
}
