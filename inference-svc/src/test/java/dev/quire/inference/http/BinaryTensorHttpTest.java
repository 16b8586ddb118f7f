package dev.quire.inference.http;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.quire.inference.Await;
import dev.quire.inference.grpc.RandomModelProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * POST /v2/models/{m}/infer with Triton's binary_tensor_data extension, against the running
 * service: request bodies built byte by byte as Triton's HTTP client builds them, answers read as
 * it reads them, for {@code embedder} (BYTES in, FP32 [n, 384] out) and {@code llm}.
 */
@QuarkusTest
@TestProfile(RandomModelProfile.class)
class BinaryTensorHttpTest {

    private static final int DIMENSION = 384;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @BeforeEach
    void waitUntilBothModelsAreLoaded() throws InterruptedException {
        for (String model : List.of("embedder", "llm")) {
            Await.within(Await.MODEL_LOAD, () -> given().get("/v2/models/" + model + "/ready").statusCode() == 200, model + " is ready");
        }
    }

    private static Response post(String model, TritonHttpRequest request) {
        // Triton's Python client sends no content type; its C++ and Java clients send their own: the server must not care.
        return given().header(InferHttpBody.HEADER_LENGTH, request.headerLength()).body(request.body())
                .post("/v2/models/" + model + "/infer");
    }

    private static TritonHttpResult result(Response response) {
        assertEquals(200, response.statusCode(), response.asString());
        return new TritonHttpResult(response.asByteArray(), response.header(InferHttpBody.HEADER_LENGTH));
    }

    @Test
    void theServerAnnouncesTheExtension() {
        given().get("/v2").then().statusCode(200).body("extensions", org.hamcrest.Matchers.hasItem("binary_tensor_data"));
    }

    /** Triton's Python client without requested outputs sets binary_data_output: every output comes back binary. */
    @Test
    void embedderRoundTripsBinaryBytesInAndBinaryFp32Out() {
        List<String> texts = List.of("How many orders were placed in March?", "Count the orders from March.", "The cat sleeps on the warm windowsill.");
        Response response = post("embedder", new TritonHttpRequest().bytesInput("text", texts, texts.size()).parameter("binary_data_output", true));
        TritonHttpResult binary = result(response);
        assertTrue(response.contentType().startsWith("application/octet-stream"), response.contentType());
        assertNotNull(response.header(InferHttpBody.HEADER_LENGTH));
        JsonNode output = binary.output("embedding");
        assertEquals("FP32", output.get("datatype").asText());
        assertEquals(List.of(3, DIMENSION), List.of(output.get("shape").get(0).asInt(), output.get("shape").get(1).asInt()));
        assertEquals(3 * DIMENSION * 4, output.path("parameters").path("binary_data_size").asInt());
        assertFalse(output.has("data"));
        float[] vectors = binary.fp32("embedding");
        assertEquals(3 * DIMENSION, vectors.length);
        for (int row = 0; row < 3; row++) {
            double norm = 0;
            for (int c = 0; c < DIMENSION; c++) {
                norm += vectors[row * DIMENSION + c] * vectors[row * DIMENSION + c];
            }
            assertEquals(1.0, Math.sqrt(norm), 1e-3, "row " + row + " is L2-normalised");
        }
        assertTrue(dot(vectors, 0, 1) > dot(vectors, 0, 2) + 0.2, "the paraphrase is closer than the unrelated text");

        // The same texts sent and answered as JSON give the same numbers: the binary form carries exactly the floats.
        JsonNode asJson = result(post("embedder", new TritonHttpRequest().jsonInput("text", "BYTES", strings(texts), texts.size()))).json;
        JsonNode data = asJson.at("/outputs/0/data");
        assertEquals(3 * DIMENSION, data.size());
        for (int i = 0; i < data.size(); i++) {
            assertEquals(data.get(i).floatValue(), vectors[i], 1e-5, "element " + i);
        }
    }

    @Test
    void binaryOutputIsChosenPerOutput() {
        Response perOutput = post("embedder", new TritonHttpRequest().bytesInput("text", List.of("one"), 1).output("embedding", true));
        assertEquals(DIMENSION, result(perOutput).fp32("embedding").length);

        Response overridden = post("embedder", new TritonHttpRequest().bytesInput("text", List.of("one"), 1)
                .parameter("binary_data_output", true).output("embedding", false));
        TritonHttpResult json = result(overridden);
        assertNull(overridden.header(InferHttpBody.HEADER_LENGTH), "no binary output, so no binary form");
        assertTrue(overridden.contentType().startsWith("application/json"), overridden.contentType());
        assertEquals(DIMENSION, json.output("embedding").get("data").size());
    }

    @Test
    void llmTakesBinaryTextAndAnswersBinaryText() {
        String prompt = "fix the bug in";
        TritonHttpResult binary = result(post("llm", new TritonHttpRequest().bytesInput("text_input", List.of(prompt), 1)
                .parameter("max_tokens", 4).output("text_output", true)));
        List<String> answer = binary.strings("text_output");
        assertEquals(1, answer.size());

        TritonHttpResult json = result(post("llm", new TritonHttpRequest().jsonInput("text_input", "BYTES", strings(List.of(prompt)), 1)
                .parameter("max_tokens", 4)));
        assertEquals(json.output("text_output").get("data").get(0).asText(), answer.get(0), "greedy decoding: binary and JSON give the same text");

        // Mixed: a JSON input before the binary one (as vLLM-backend clients send exclude_input_in_output) does not shift the binary data.
        TritonHttpResult mixed = result(post("llm", new TritonHttpRequest()
                .jsonInput("exclude_input_in_output", "BOOL", JSON.arrayNode().add(true), 1)
                .bytesInput("text_input", List.of(prompt), 1)
                .parameter("max_tokens", 4).parameter("binary_data_output", true)));
        assertEquals(answer, mixed.strings("text_output"));
    }

    @Test
    void badBinaryRequestsAre400NamingTheProblem() {
        TritonHttpRequest ok = new TritonHttpRequest().bytesInput("text", List.of("abc"), 1);
        byte[] body = ok.body();

        given().header(InferHttpBody.HEADER_LENGTH, body.length + 5).body(body).post("/v2/models/embedder/infer")
                .then().statusCode(400).body("error", org.hamcrest.Matchers.containsString("Inference-Header-Content-Length is " + (body.length + 5)));

        byte[] cut = java.util.Arrays.copyOf(body, body.length - 1);
        given().header(InferHttpBody.HEADER_LENGTH, ok.headerLength()).body(cut).post("/v2/models/embedder/infer")
                .then().statusCode(400).body("error", org.hamcrest.Matchers.containsString("binary_data_size add up to 7 (text: 7)"));

        given().body(body).post("/v2/models/embedder/infer")
                .then().statusCode(400).body("error", org.hamcrest.Matchers.containsString("none follows the JSON"));

        post("embedder", new TritonHttpRequest().fp32Input("text", new float[] {1f}, 1))
                .then().statusCode(400).body("error", org.hamcrest.Matchers.allOf(
                        org.hamcrest.Matchers.containsString("'text'"), org.hamcrest.Matchers.containsString("expected BYTES")));

        post("llm", new TritonHttpRequest().binaryInput("text_input", "BYTES", new long[] {1}, new byte[] {50, 0, 0, 0, 'h', 'i'}))
                .then().statusCode(400).body("error", org.hamcrest.Matchers.containsString("input 'text_input': BYTES element 0 claims 50 bytes"));
    }

    private static JsonNode strings(List<String> values) {
        var array = JSON.arrayNode();
        values.forEach(array::add);
        return array;
    }

    private static double dot(float[] v, int a, int b) {
        double s = 0;
        for (int i = 0; i < DIMENSION; i++) {
            s += v[a * DIMENSION + i] * v[b * DIMENSION + i];
        }
        return s;
    }
}
