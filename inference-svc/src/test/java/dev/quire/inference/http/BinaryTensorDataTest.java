package dev.quire.inference.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.google.protobuf.ByteString;
import dev.quire.common.QuireException;
import dev.quire.common.inference.TextTensors;
import dev.quire.proto.inference.InferTensorContents;
import dev.quire.proto.inference.ModelInferRequest;
import dev.quire.proto.inference.ModelInferResponse;
import org.junit.jupiter.api.Test;

/**
 * Triton's binary_tensor_data extension on the REST surface without a server: request bodies built
 * byte by byte as Triton's HTTP client builds them, read into gRPC requests; gRPC responses written
 * with the outputs the request asked for in binary form.
 */
class BinaryTensorDataTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private static ModelInferRequest read(TritonHttpRequest request) {
        return JsonInferRequests.infer("m", InferHttpBody.read(request.body(), String.valueOf(request.headerLength())));
    }

    private static String refusal(byte[] body, String headerLength) {
        return assertThrows(QuireException.InvalidRequest.class,
                () -> JsonInferRequests.infer("m", InferHttpBody.read(body, headerLength))).getMessage();
    }

    private static String refusal(TritonHttpRequest request) {
        return refusal(request.body(), String.valueOf(request.headerLength()));
    }

    @Test
    void binaryFp32AndBytesInputsBecomeTypedTensors() {
        ModelInferRequest request = read(new TritonHttpRequest()
                .fp32Input("scores", new float[] {0.5f, -1f, 3.25f}, 3)
                .bytesInput("text", List.of("first", "zweite Zeile"), 2, 1));
        assertEquals(List.of(0.5f, -1f, 3.25f), request.getInputs(0).getContents().getFp32ContentsList());
        assertEquals("FP32", request.getInputs(0).getDatatype());
        assertEquals(List.of(2L, 1L), request.getInputs(1).getShapeList());
        assertEquals(List.of("first", "zweite Zeile"), TextTensors.readInput(request, "text").orElseThrow());
        assertTrue(request.getInputs(0).getParametersMap().isEmpty(), "binary_data_size is transport, not a model parameter");
    }

    /** Binary parts are taken in the order of the inputs that declare one; JSON inputs in between take none. */
    @Test
    void mixedJsonAndBinaryInputsEachGetTheirOwnData() {
        ModelInferRequest request = read(new TritonHttpRequest()
                .jsonInput("prefix", "BYTES", JSON.arrayNode().add("from json"), 1)
                .bytesInput("text_input", List.of("from binary"), 1)
                .jsonInput("ids", "INT64", JSON.arrayNode().add(JSON.arrayNode().add(7).add(-8)), 1, 2)
                .fp32Input("weights", new float[] {1.5f, 2.5f}, 2));
        assertEquals("from json", request.getInputs(0).getContents().getBytesContents(0).toStringUtf8());
        assertEquals("from binary", request.getInputs(1).getContents().getBytesContents(0).toStringUtf8());
        assertEquals(List.of(7L, -8L), request.getInputs(2).getContents().getInt64ContentsList());
        assertEquals(List.of(1.5f, 2.5f), request.getInputs(3).getContents().getFp32ContentsList());
    }

    @Test
    void aBodyWithoutTheHeaderIsPlainJson() {
        byte[] body = "{\"inputs\":[{\"name\":\"text\",\"datatype\":\"BYTES\",\"shape\":[1],\"data\":[\"plain\"]}]}".getBytes(StandardCharsets.UTF_8);
        ModelInferRequest request = JsonInferRequests.infer("m", InferHttpBody.read(body, null));
        assertEquals(List.of("plain"), TextTensors.readInput(request, "text").orElseThrow());
    }

    @Test
    void binaryOutputIsChosenPerOutputOverTheRequestWideSwitch() {
        ModelInferRequest none = read(new TritonHttpRequest().bytesInput("text", List.of("a"), 1));
        assertFalse(JsonInferResponses.binary(none, "embedding"), "JSON unless asked");

        ModelInferRequest all = read(new TritonHttpRequest().bytesInput("text", List.of("a"), 1).parameter("binary_data_output", true));
        assertTrue(JsonInferResponses.binary(all, "embedding"));

        ModelInferRequest perOutput = read(new TritonHttpRequest().bytesInput("text", List.of("a"), 1)
                .parameter("binary_data_output", true).output("embedding", false).output("other", true));
        assertFalse(JsonInferResponses.binary(perOutput, "embedding"), "an output's binary_data overrides binary_data_output");
        assertTrue(JsonInferResponses.binary(perOutput, "other"));
        assertTrue(JsonInferResponses.binary(perOutput, "not-listed"), "outputs without their own setting follow binary_data_output");
    }

    @Test
    void binaryOutputsFollowTheJsonInOutputOrderWithTheirSizes() {
        ModelInferRequest request = read(new TritonHttpRequest().bytesInput("text", List.of("a"), 1)
                .output("embedding", true).output("label", false).output("tokens", true));
        ModelInferResponse response = ModelInferResponse.newBuilder().setModelName("m").setModelVersion("1")
                .addOutputs(ModelInferResponse.InferOutputTensor.newBuilder().setName("embedding").setDatatype("FP32").addShape(1).addShape(2)
                        .setContents(InferTensorContents.newBuilder().addFp32Contents(0.6f).addFp32Contents(-0.8f)))
                .addOutputs(TextTensors.textOutput("label", "positive"))
                .addOutputs(TextTensors.textOutput("tokens", "hé"))
                .build();
        JsonInferResponses.InferResponseBody body = JsonInferResponses.inferResponse(response, request);
        assertTrue(body.hasBinaryOutput());
        byte[] json = body.json().toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = ByteString.copyFrom(json).concat(body.binary()).toByteArray();
        TritonHttpResult result = new TritonHttpResult(all, String.valueOf(json.length));
        assertEquals(8, result.output("embedding").path("parameters").path("binary_data_size").asInt());
        assertFalse(result.output("embedding").has("data"));
        assertArrayEquals(new float[] {0.6f, -0.8f}, result.fp32("embedding"));
        assertEquals("positive", result.output("label").get("data").get(0).asText(), "binary_data false stays JSON");
        assertEquals(List.of("hé"), result.strings("tokens"));
        assertEquals(8 + 4 + 3, body.binary().size());
    }

    @Test
    void rawOutputsOfAnEngineAreSentAsTheyAreOrDecodedForJson() {
        ModelInferResponse raw = ModelInferResponse.newBuilder().setModelName("m")
                .addOutputs(ModelInferResponse.InferOutputTensor.newBuilder().setName("text_output").setDatatype("BYTES").addShape(1))
                .addRawOutputContents(TextTensors.encodeRaw(List.of("raw answer"))).build();
        ModelInferRequest asJson = read(new TritonHttpRequest().bytesInput("text_input", List.of("q"), 1));
        JsonInferResponses.InferResponseBody json = JsonInferResponses.inferResponse(raw, asJson);
        assertFalse(json.hasBinaryOutput());
        assertEquals("raw answer", json.json().at("/outputs/0/data/0").asText());

        ModelInferRequest asBinary = read(new TritonHttpRequest().bytesInput("text_input", List.of("q"), 1).parameter("binary_data_output", true));
        assertEquals(TextTensors.encodeRaw(List.of("raw answer")), JsonInferResponses.inferResponse(raw, asBinary).binary());
    }

    @Test
    void sizesThatDoNotAddUpAreRefusedNamingTheInputs() {
        TritonHttpRequest request = new TritonHttpRequest().bytesInput("text", List.of("abc"), 1);
        byte[] body = request.body();
        byte[] truncated = java.util.Arrays.copyOf(body, body.length - 2);
        String shortBody = refusal(truncated, String.valueOf(request.headerLength()));
        assertTrue(shortBody.contains("5 bytes of binary data follow the JSON but the inputs' binary_data_size add up to 7 (text: 7)"), shortBody);

        byte[] padded = java.util.Arrays.copyOf(body, body.length + 3);
        String longBody = refusal(padded, String.valueOf(request.headerLength()));
        assertTrue(longBody.contains("10 bytes") && longBody.contains("add up to 7"), longBody);

        TritonHttpRequest jsonOnly = new TritonHttpRequest().jsonInput("text", "BYTES", JSON.arrayNode().add("a"), 1);
        byte[] trailing = java.util.Arrays.copyOf(jsonOnly.body(), jsonOnly.headerLength() + 3);
        String noneDeclared = refusal(trailing, String.valueOf(jsonOnly.headerLength()));
        assertTrue(noneDeclared.contains("3 bytes of binary data follow the JSON but the inputs' binary_data_size add up to 0 "
                + "(no input declares binary_data_size)"), noneDeclared);
    }

    @Test
    void aHeaderLengthBeyondTheBodyOrNotANumberIsRefused() {
        TritonHttpRequest request = new TritonHttpRequest().bytesInput("text", List.of("abc"), 1);
        int length = request.body().length;
        String beyond = refusal(request.body(), String.valueOf(length + 1));
        assertTrue(beyond.contains("Inference-Header-Content-Length is " + (length + 1)) && beyond.contains("from 0 to the body's " + length + " bytes"), beyond);
        String word = refusal(request.body(), "lots");
        assertTrue(word.contains("'lots'"), word);
    }

    @Test
    void binaryDataSizeOnAJsonDataInputIsRefused() {
        // binary_data_size next to 'data'
        byte[] withData = ("{\"inputs\":[{\"name\":\"text\",\"datatype\":\"BYTES\",\"shape\":[1],\"data\":[\"a\"],"
                + "\"parameters\":{\"binary_data_size\":5}}]}").getBytes(StandardCharsets.UTF_8);
        byte[] body = ByteString.copyFrom(withData).concat(ByteString.copyFrom(TritonHttpRequest.bytesOf(List.of("a")))).toByteArray();
        String message = refusal(body, String.valueOf(withData.length));
        assertTrue(message.contains("input 'text' has both 'data' and binary_data_size 5"), message);
        // binary_data_size in a plain JSON request: no binary part follows
        String noBinary = refusal(new TritonHttpRequest().bytesInput("text", List.of("abc"), 1).body(), null);
        assertTrue(noBinary.contains("inputs declare 7 bytes of binary data (text: 7) but none follows the JSON; send the JSON length "
                + "in the header Inference-Header-Content-Length"), noBinary);
    }

    @Test
    void wrongDatatypesAndParametersAreRefusedNamingTheTensor() {
        String unknown = refusal(new TritonHttpRequest().binaryInput("text", "STRING", new long[] {1}, TritonHttpRequest.bytesOf(List.of("a"))));
        assertTrue(unknown.contains("input 'text' has datatype 'STRING'; expected one of [BOOL"), unknown);
        String fp16 = refusal(new TritonHttpRequest().binaryInput("x", "FP16", new long[] {1}, new byte[2]));
        assertTrue(fp16.contains("input 'x' has datatype 'FP16'"), fp16);
        String size = refusal(new TritonHttpRequest().binaryInput("x", "FP32", new long[] {2}, new byte[6]));
        assertTrue(size.contains("input 'x' has 6 bytes of binary data; expected 8"), size);
        String jsonElement = refusal(new TritonHttpRequest().jsonInput("n", "INT8", JSON.arrayNode().add(300), 1));
        assertTrue(jsonElement.contains("input 'n' is INT8, so its data must be integers from -128 to 127; found 300"), jsonElement);
        String flag = refusal(new TritonHttpRequest().bytesInput("text", List.of("a"), 1).parameter("binary_data_output", "yes"));
        assertTrue(flag.contains("'binary_data_output' must be true or false, got \"yes\""), flag);
        String classes = refusal(new TritonHttpRequest().bytesInput("text", List.of("a"), 1).classificationOutput("embedding", 3));
        assertTrue(classes.contains("output 'embedding' asks for class_count 3; Triton's classification extension is not supported"), classes);
    }
}
