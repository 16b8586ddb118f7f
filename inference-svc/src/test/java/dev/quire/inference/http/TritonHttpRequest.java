package dev.quire.inference.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builds an {@code /infer} body byte by byte the way Triton's HTTP clients do: the JSON request
 * (binary inputs carry only {@code parameters.binary_data_size}), then each binary input's bytes in
 * input order, little-endian, BYTES elements as a 4-byte length and the bytes; the JSON length goes
 * into the Inference-Header-Content-Length header.
 */
final class TritonHttpRequest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ObjectNode json = MAPPER.createObjectNode();
    private final ArrayNode inputs = json.putArray("inputs");
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

    TritonHttpRequest bytesInput(String name, List<String> values, long... shape) {
        return binaryInput(name, "BYTES", shape, bytesOf(values));
    }

    TritonHttpRequest fp32Input(String name, float[] values, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return binaryInput(name, "FP32", shape, b.array());
    }

    /** An input whose binary_data_size and bytes are given as they are (also wrong ones). */
    TritonHttpRequest binaryInput(String name, String datatype, long[] shape, byte[] bytes) {
        ObjectNode input = tensor(name, datatype, shape);
        input.putObject("parameters").put("binary_data_size", bytes.length);
        binary.writeBytes(bytes);
        return this;
    }

    TritonHttpRequest jsonInput(String name, String datatype, JsonNode data, long... shape) {
        tensor(name, datatype, shape).set("data", data);
        return this;
    }

    /** A requested output with {@code parameters.binary_data} as Triton's InferRequestedOutput sends it. */
    TritonHttpRequest output(String name, boolean binaryData) {
        ArrayNode outputs = json.has("outputs") ? (ArrayNode) json.get("outputs") : json.putArray("outputs");
        outputs.addObject().put("name", name).putObject("parameters").put("binary_data", binaryData);
        return this;
    }

    /** A requested output with Triton's classification parameter, as InferRequestedOutput(class_count=n) sends it. */
    TritonHttpRequest classificationOutput(String name, int classCount) {
        ArrayNode outputs = json.has("outputs") ? (ArrayNode) json.get("outputs") : json.putArray("outputs");
        outputs.addObject().put("name", name).putObject("parameters").put("binary_data", true).put("class_count", classCount);
        return this;
    }

    TritonHttpRequest parameter(String name, Object value) {
        ObjectNode parameters = json.has("parameters") ? (ObjectNode) json.get("parameters") : json.putObject("parameters");
        parameters.set(name, MAPPER.valueToTree(value));
        return this;
    }

    /** The JSON part's length in bytes: the Inference-Header-Content-Length value. */
    int headerLength() {
        return jsonBytes().length;
    }

    byte[] body() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(jsonBytes());
        out.writeBytes(binary.toByteArray());
        return out.toByteArray();
    }

    static byte[] bytesOf(List<String> values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String v : values) {
            byte[] utf8 = v.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(utf8.length).array());
            out.writeBytes(utf8);
        }
        return out.toByteArray();
    }

    private ObjectNode tensor(String name, String datatype, long[] shape) {
        ObjectNode input = inputs.addObject().put("name", name).put("datatype", datatype);
        ArrayNode dims = input.putArray("shape");
        for (long d : shape) {
            dims.add(d);
        }
        return input;
    }

    private byte[] jsonBytes() {
        try {
            return MAPPER.writeValueAsBytes(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
