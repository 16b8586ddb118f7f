package dev.quire.inference.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads an {@code /infer} answer the way Triton's HTTP clients do: the first
 * Inference-Header-Content-Length bytes are JSON (all of the body when the header is absent);
 * binary outputs follow in output order, each {@code parameters.binary_data_size} bytes long.
 */
final class TritonHttpResult {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    final JsonNode json;
    private final byte[] body;
    private final int jsonLength;

    TritonHttpResult(byte[] body, String headerLength) {
        this.body = body;
        this.jsonLength = headerLength == null ? body.length : Integer.parseInt(headerLength);
        try {
            this.json = MAPPER.readTree(Arrays.copyOf(body, jsonLength));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode output(String name) {
        for (JsonNode o : json.get("outputs")) {
            if (o.get("name").asText().equals(name)) {
                return o;
            }
        }
        throw new AssertionError("no output " + name + " in " + json);
    }

    /** The output's binary bytes, located by summing the binary sizes of the outputs before it. */
    ByteBuffer binary(String name) {
        int offset = jsonLength;
        for (JsonNode o : json.get("outputs")) {
            JsonNode size = o.path("parameters").get("binary_data_size");
            if (o.get("name").asText().equals(name)) {
                if (size == null) {
                    throw new AssertionError("output " + name + " is not binary: " + o);
                }
                return ByteBuffer.wrap(body, offset, size.asInt()).slice().order(ByteOrder.LITTLE_ENDIAN);
            }
            offset += size == null ? 0 : size.asInt();
        }
        throw new AssertionError("no output " + name + " in " + json);
    }

    float[] fp32(String name) {
        ByteBuffer b = binary(name);
        float[] values = new float[b.remaining() / 4];
        for (int i = 0; i < values.length; i++) {
            values[i] = b.getFloat();
        }
        return values;
    }

    List<String> strings(String name) {
        ByteBuffer b = binary(name);
        List<String> values = new ArrayList<>();
        while (b.hasRemaining()) {
            byte[] element = new byte[b.getInt()];
            b.get(element);
            values.add(new String(element, StandardCharsets.UTF_8));
        }
        return values;
    }
}
