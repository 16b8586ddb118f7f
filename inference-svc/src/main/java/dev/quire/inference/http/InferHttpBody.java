package dev.quire.inference.http;

import java.io.IOException;
import java.nio.ByteBuffer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.common.QuireException;

/**
 * The body of a KServe v2 {@code /infer} request: a JSON object, followed, under Triton's
 * binary_tensor_data extension, by the raw bytes of the inputs that declare
 * {@code binary_data_size}. The header {@value #HEADER_LENGTH} gives the JSON object's length in
 * bytes; without it the whole body is JSON.
 *
 * @param json   the inference request object
 * @param binary the bytes after the JSON object (empty when there are none)
 */
record InferHttpBody(JsonNode json, ByteBuffer binary) {

    static final String HEADER_LENGTH = "Inference-Header-Content-Length";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * @param headerLength the {@value #HEADER_LENGTH} header, or null when absent
     * @throws QuireException.InvalidRequest when the header is not a length within the body, or the JSON does not parse
     */
    static InferHttpBody read(byte[] body, String headerLength) {
        byte[] bytes = body == null ? new byte[0] : body;
        int jsonLength = bytes.length;
        if (headerLength != null) {
            long declared;
            try {
                declared = Long.parseLong(headerLength.strip());
            } catch (NumberFormatException e) {
                throw new QuireException.InvalidRequest("header " + HEADER_LENGTH + " must be the JSON length in bytes, got '" + headerLength + "'");
            }
            if (declared < 0 || declared > bytes.length) {
                throw new QuireException.InvalidRequest("header " + HEADER_LENGTH + " is " + declared + "; expected the JSON part's length, "
                        + "from 0 to the body's " + bytes.length + " bytes");
            }
            jsonLength = (int) declared;
        }
        JsonNode json;
        try {
            json = MAPPER.readTree(bytes, 0, jsonLength);
        } catch (IOException e) {
            String hint = headerLength == null && jsonLength > 0 ? " (binary tensor data needs the header " + HEADER_LENGTH + ")" : "";
            throw new QuireException.InvalidRequest(notJson(e) + hint);
        }
        return new InferHttpBody(json, ByteBuffer.wrap(bytes, jsonLength, bytes.length - jsonLength).slice().asReadOnlyBuffer());
    }

    static String notJson(IOException e) {
        return e instanceof com.fasterxml.jackson.core.JsonProcessingException json
                ? "the body is not valid JSON: " + dev.quire.common.JsonErrors.describe(json)
                : "the body could not be read: " + e.getMessage();
    }
}
