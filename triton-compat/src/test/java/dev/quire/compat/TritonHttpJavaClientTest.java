package dev.quire.compat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.quire.process.InferenceServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import triton.client.InferInput;
import triton.client.InferRequestedOutput;
import triton.client.InferResult;
import triton.client.InferenceException;
import triton.client.InferenceServerClient;
import triton.client.InferenceServerClient.InferArguments;
import triton.client.pojo.DataType;

/**
 * Triton's own HTTP Java client ({@code triton.client}, unchanged, from Maven Central) against the
 * packaged inference-svc started as a user starts it: the embedder and the llm answer its JSON and
 * binary-data requests, its model version, request id, priority and timeout arguments are
 * understood, and its errors carry the server's reason.
 */
class TritonHttpJavaClientTest {

    private static final int DIMENSION = 384;

    @TempDir
    static Path work;

    private static InferenceServerProcess server;
    private static InferenceServerClient client;

    @BeforeAll
    static void startServer() throws Exception {
        Path repository = work.resolve("models");
        writeModel(repository, "embedder", "engine=onnx", "instances=1", "max_batch_size=8");
        // No file: the service generates its random test model; one slot and short answers keep it quick.
        writeModel(repository, "llm", "engine=llama.cpp", "instances=1", "context_size=256", "threads=1");
        int[] ports = freePorts(3);
        server = InferenceServerProcess.start(InferenceServerProcess.findJar(), repository,
                new InferenceServerProcess.Ports(ports[0], ports[1], ports[2]), work.resolve("inference-svc.log"),
                List.of("-Xmx1g", "-Dquire.model.default-max-tokens=8"));
        server.awaitReady(Duration.ofMinutes(3));
        // ("host:port", connect timeout ms, read and request timeout ms)
        client = new InferenceServerClient("127.0.0.1:" + ports[0], 5000, 60_000);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void embedsTextsSentAsBinaryBytesAndAnswersBinaryFp32() throws Exception {
        String[] texts = {"How many customers are there?", "fix: close the stream when the read fails"};
        InferResult result = client.infer("embedder", List.of(textInput(texts, true)), List.of(new InferRequestedOutput("embedding", true)));

        float[] vectors = result.getOutputAsFloat("embedding");
        assertEquals(texts.length * DIMENSION, vectors.length);
        assertEquals(List.of(2L, (long) DIMENSION), shape(result, "embedding"));
        for (int row = 0; row < texts.length; row++) {
            assertEquals(1.0, norm(vectors, row), 1e-3, "row " + row + " is L2-normalised");
        }
        assertTrue(cosine(vectors, 0, 1) < 0.9, "two unrelated texts get different embeddings");
    }

    @Test
    void jsonTensorsGiveTheSameEmbeddingsAsBinaryOnes() throws Exception {
        String[] texts = {"the orders of last month"};
        float[] binary = client.infer("embedder", List.of(textInput(texts, true)), List.of(new InferRequestedOutput("embedding", true)))
                .getOutputAsFloat("embedding");
        float[] json = client.infer("embedder", List.of(textInput(texts, false)), List.of(new InferRequestedOutput("embedding", false)))
                .getOutputAsFloat("embedding");
        assertArrayEquals(binary, json, 1e-6f);
    }

    @Test
    void modelVersionRequestIdPriorityAndTimeoutAreUnderstood() throws Exception {
        InferArguments arguments = new InferArguments("embedder", List.of(textInput(new String[] {"a question"}, true)),
                List.of(new InferRequestedOutput("embedding", true)))
                .setModelVersion("1")
                .setRequestId("triton-java-42")
                .setPriority(1)
                .setTimeout(30_000_000);
        InferResult result = client.infer(arguments);

        assertEquals("triton-java-42", result.getResponse().getId());
        assertEquals("1", result.getResponse().getModelVersion());
        assertEquals(DIMENSION, result.getOutputAsFloat("embedding").length);
    }

    @Test
    void generatesTextWithTheLlmThroughInfer() throws Exception {
        // This client reads BYTES outputs only as JSON data (its getOutputAs* methods take fixed-size types).
        InferResult result = client.infer("llm", List.of(bytesInput("text_input", new String[] {"Once upon a time"}, true)),
                List.of(new InferRequestedOutput("text_output", false)));

        Object[] texts = result.getResponse().getOutputByName("text_output").getData();
        assertEquals(1, texts.length, "one text_output element");
        assertFalse(texts[0].toString().isEmpty(), "the model generated something");
    }

    @Test
    void anUnknownModelVersionIsRefusedWithTheOnesThereAre() {
        InferArguments arguments = new InferArguments("embedder", textInput(new String[] {"x"}, false)).setModelVersion("7");
        InferenceException failure = assertThrows(InferenceException.class, () -> client.infer(arguments));
        assertTrue(failure.getMessage().contains("'7'") && failure.getMessage().contains("[1]"), failure.getMessage());
    }

    @Test
    void anUnknownModelIsRefusedNamingTheLoadedOnes() {
        InferenceException failure = assertThrows(InferenceException.class,
                () -> client.infer("no_such_model", List.of(textInput(new String[] {"x"}, false)), List.of()));
        assertTrue(failure.getMessage().contains("no_such_model"), failure.getMessage());
        assertTrue(failure.getMessage().contains("embedder") && failure.getMessage().contains("llm"), failure.getMessage());
    }

    @Test
    void aWrongDatatypeIsRefusedNamingTheInputAndTheExpectedOne() {
        InferInput numbers = new InferInput("text", new long[] {2}, DataType.FP32);
        numbers.setData(new float[] {1f, 2f}, true);
        InferenceException failure = assertThrows(InferenceException.class,
                () -> client.infer("embedder", List.of(numbers), List.of(new InferRequestedOutput("embedding", true))));
        assertTrue(failure.getMessage().contains("text") && failure.getMessage().contains("BYTES"), failure.getMessage());
    }

    @Test
    void aBatchOverMaxBatchSizeIsRefusedWithTheLimit() {
        String[] nine = new String[9];
        java.util.Arrays.fill(nine, "one text");
        InferenceException failure = assertThrows(InferenceException.class,
                () -> client.infer("embedder", List.of(textInput(nine, true)), List.of(new InferRequestedOutput("embedding", true))));
        assertTrue(failure.getMessage().contains("8"), failure.getMessage());
    }

    private static InferInput textInput(String[] texts, boolean binary) {
        return bytesInput("text", texts, binary);
    }

    private static InferInput bytesInput(String name, String[] texts, boolean binary) {
        InferInput input = new InferInput(name, new long[] {texts.length}, DataType.BYTES);
        input.setData(texts, binary);
        return input;
    }

    private static List<Long> shape(InferResult result, String output) {
        return java.util.Arrays.stream(result.getResponse().getOutputByName(output).getShape()).boxed().toList();
    }

    private static double norm(float[] vectors, int row) {
        double sum = 0;
        for (int i = 0; i < DIMENSION; i++) {
            sum += vectors[row * DIMENSION + i] * vectors[row * DIMENSION + i];
        }
        return Math.sqrt(sum);
    }

    private static double cosine(float[] vectors, int a, int b) {
        double dot = 0;
        for (int i = 0; i < DIMENSION; i++) {
            dot += vectors[a * DIMENSION + i] * vectors[b * DIMENSION + i];
        }
        return dot / (norm(vectors, a) * norm(vectors, b));
    }

    private static void writeModel(Path repository, String name, String... lines) throws IOException {
        Path folder = Files.createDirectories(repository.resolve(name));
        Files.write(folder.resolve("config.properties"), List.of(lines));
    }

    private static int[] freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0);
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }
}
