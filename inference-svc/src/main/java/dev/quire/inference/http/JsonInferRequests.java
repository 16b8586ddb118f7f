package dev.quire.inference.http;

import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.Map;
import java.util.OptionalLong;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.common.QuireException;
import dev.quire.common.inference.TextTensors;
import dev.quire.inference.model.LoadedModel;
import dev.quire.proto.inference.InferParameter;
import dev.quire.proto.inference.ModelInferRequest;

/**
 * Turns KServe v2 REST requests (JSON, with Triton's binary tensor data) into the gRPC messages, so
 * both surfaces share one path. Which datatypes a model accepts is the model's to check.
 */
final class JsonInferRequests {

    /** Input parameter: the input's data is this many bytes of the binary part. */
    static final String BINARY_DATA_SIZE = "binary_data_size";
    /** Requested-output parameter: answer this output as binary data. */
    static final String BINARY_DATA = "binary_data";
    /** Request parameter: answer every output as binary data, unless an output says otherwise. */
    static final String BINARY_DATA_OUTPUT = "binary_data_output";
    /** Triton's classification extension, which Quire does not implement. */
    static final String CLASS_COUNT = "class_count";

    private JsonInferRequests() {
    }

    /**
     * A KServe v2 {@code /infer} body: inputs carry JSON {@code data}, or declare
     * {@code binary_data_size} and take that many bytes, in input order, from the binary part
     * (Triton's binary_tensor_data extension). Requested outputs keep their parameters, among them
     * {@value #BINARY_DATA}, which {@link JsonInferResponses} reads.
     */
    static ModelInferRequest infer(String model, InferHttpBody body) {
        JsonNode json = body.json();
        if (json == null || !json.isObject()) {
            throw new QuireException.InvalidRequest("the body must be a JSON object with 'inputs' (KServe v2 inference request)");
        }
        ModelInferRequest.Builder request = ModelInferRequest.newBuilder().setModelName(model);
        if (json.hasNonNull("id")) {
            request.setId(json.get("id").asText());
        }
        parameters(json.get("parameters"), request);
        requireBoolean("request parameter '" + BINARY_DATA_OUTPUT + "'", json.path("parameters").get(BINARY_DATA_OUTPUT));
        JsonNode inputs = json.get("inputs");
        // An empty array goes on to the model, whose check names the inputs it expects.
        if (inputs == null || !inputs.isArray()) {
            throw new QuireException.InvalidRequest("the request has no 'inputs' array; expected \"inputs\": [{\"name\": ..., \"datatype\": ..., "
                    + "\"shape\": [...], \"data\": [...]}] with the inputs that GET /v2/models/" + model + " lists");
        }
        ByteBuffer binary = body.binary().duplicate();
        requireBinarySizesMatch(inputs, binary.remaining());
        for (JsonNode input : inputs) {
            request.addInputs(tensor(input, binary));
        }
        JsonNode outputs = json.get("outputs");
        if (outputs != null && !outputs.isNull()) {
            if (!outputs.isArray()) {
                throw new QuireException.InvalidRequest("'outputs' must be an array like [{\"name\": \"...\", \"parameters\": {\"binary_data\": true}}]");
            }
            outputs.forEach(o -> request.addOutputs(requestedOutput(o)));
        }
        return request.build();
    }

    /**
     * Triton's generate extension: the key named as the model's input is that input, {@code id} the
     * request id, and every other top-level key a parameter, as are the keys of {@code parameters}.
     */
    static ModelInferRequest generate(LoadedModel model, JsonNode body) {
        String input = model.inputName();
        if (body == null || !body.isObject()) {
            throw new QuireException.InvalidRequest("the body must be a JSON object like {\"" + input + "\": \"...\", \"parameters\": {...}}");
        }
        ModelInferRequest.Builder request = ModelInferRequest.newBuilder().setModelName(model.name());
        parameters(body.get("parameters"), request);
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            if (key.equals("parameters")) {
                continue;
            }
            if (key.equals("id")) {
                request.setId(field.getValue().asText());
            } else if (key.equals(input)) {
                if (!field.getValue().isTextual()) {
                    throw new QuireException.InvalidRequest("'" + input + "' must be a string, got "
                            + field.getValue().getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + field.getValue());
                }
                request.addInputs(TextTensors.textInput(key, field.getValue().asText()));
            } else {
                // A string here is a parameter too (stop, grammar, tenant): taken as an input, it would be dropped unread.
                request.putParameters(key, parameter(key, field.getValue()));
            }
        }
        return request.build();
    }

    private static void parameters(JsonNode parameters, ModelInferRequest.Builder request) {
        if (parameters == null || parameters.isNull()) {
            return;
        }
        if (!parameters.isObject()) {
            throw new QuireException.InvalidRequest("'parameters' must be a JSON object");
        }
        parameters.fields().forEachRemaining(e -> request.putParameters(e.getKey(), parameter(e.getKey(), e.getValue())));
    }

    private static InferParameter parameter(String name, JsonNode value) {
        if (value.isBoolean()) {
            return InferParameter.newBuilder().setBoolParam(value.asBoolean()).build();
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return InferParameter.newBuilder().setInt64Param(value.asLong()).build();
        }
        if (value.isNumber()) {
            return InferParameter.newBuilder().setDoubleParam(value.asDouble()).build();
        }
        if (value.isTextual()) {
            return InferParameter.newBuilder().setStringParam(value.asText()).build();
        }
        if (value.isArray() || value.isObject()) {
            // e.g. stop: ["\n"] or json_schema: {...}: passed on as JSON text, which the parser accepts
            return InferParameter.newBuilder().setStringParam(value.toString()).build();
        }
        throw new QuireException.InvalidRequest("parameter '" + name + "' has an unsupported JSON value: " + value);
    }

    /** "Sizes not adding up": the declared binary sizes must cover the binary part exactly. */
    private static void requireBinarySizesMatch(JsonNode inputs, int binaryBytes) {
        long declared = 0;
        StringBuilder each = new StringBuilder();
        for (JsonNode input : inputs) {
            OptionalLong size = binarySize(input);
            if (size.isPresent()) {
                declared += size.getAsLong();
                each.append(each.isEmpty() ? "" : ", ").append(inputName(input)).append(": ").append(size.getAsLong());
            }
        }
        if (declared == binaryBytes) {
            return;
        }
        if (binaryBytes == 0) {
            throw new QuireException.InvalidRequest("inputs declare " + declared + " bytes of binary data (" + each + ") but none follows the JSON; "
                    + "send the JSON length in the header " + InferHttpBody.HEADER_LENGTH + " and the tensor bytes after the JSON");
        }
        throw new QuireException.InvalidRequest(binaryBytes + " bytes of binary data follow the JSON but the inputs' binary_data_size add up to "
                + declared + (each.isEmpty() ? " (no input declares binary_data_size)" : " (" + each + ")") + "; expected them to be equal");
    }

    private static ModelInferRequest.InferInputTensor tensor(JsonNode input, ByteBuffer binary) {
        String name = inputName(input);
        String tensor = "input '" + name + "'";
        TensorDatatype type = TensorDatatype.of(tensor, input.path("datatype").asText(""));
        ModelInferRequest.InferInputTensor.Builder builder = ModelInferRequest.InferInputTensor.newBuilder().setName(name).setDatatype(type.name());
        JsonNode shape = input.get("shape");
        if (shape == null || !shape.isArray()) {
            throw new QuireException.InvalidRequest(tensor + " has no 'shape' array");
        }
        for (JsonNode dimension : shape) {
            if (!dimension.isIntegralNumber() || !dimension.canConvertToLong()) {
                throw new QuireException.InvalidRequest(tensor + " has shape " + shape + "; expected an array of integers");
            }
            builder.addShape(dimension.longValue());
        }
        OptionalLong size = binarySize(input);
        JsonNode data = input.get("data");
        if (size.isPresent()) {
            ByteBuffer bytes = binary.slice();
            bytes.limit((int) size.getAsLong());
            binary.position(binary.position() + (int) size.getAsLong());
            return builder.setContents(BinaryTensorCodec.decode(tensor, type, builder.getShapeList(), bytes)).build();
        }
        if (data == null || !data.isArray()) {
            throw new QuireException.InvalidRequest(tensor + " has no 'data' array and no parameter " + BINARY_DATA_SIZE
                    + "; send its elements as 'data', or as binary data after the JSON");
        }
        return builder.setContents(JsonTensorData.read(tensor, type, data)).build();
    }

    /** The input's binary_data_size; refused when it is not a byte count or the input also carries JSON data. */
    private static OptionalLong binarySize(JsonNode input) {
        JsonNode size = input.path("parameters").get(BINARY_DATA_SIZE);
        if (size == null || size.isNull()) {
            return OptionalLong.empty();
        }
        String tensor = "input '" + inputName(input) + "'";
        if (!size.isIntegralNumber() || !size.canConvertToInt() || size.intValue() < 0) {
            throw new QuireException.InvalidRequest(tensor + " has " + BINARY_DATA_SIZE + " " + size + "; expected a byte count from 0 to " + Integer.MAX_VALUE);
        }
        if (input.has("data")) {
            throw new QuireException.InvalidRequest(tensor + " has both 'data' and " + BINARY_DATA_SIZE + " " + size
                    + "; expected one of them: JSON data, or binary data after the JSON");
        }
        return OptionalLong.of(size.intValue());
    }

    private static String inputName(JsonNode input) {
        String name = input.path("name").asText("");
        if (name.isEmpty()) {
            throw new QuireException.InvalidRequest("an input has no 'name'");
        }
        return name;
    }

    private static ModelInferRequest.InferRequestedOutputTensor requestedOutput(JsonNode output) {
        String name = output.path("name").asText("");
        if (name.isEmpty()) {
            throw new QuireException.InvalidRequest("a requested output has no 'name'");
        }
        ModelInferRequest.InferRequestedOutputTensor.Builder requested = ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName(name);
        JsonNode parameters = output.get("parameters");
        if (parameters != null && !parameters.isNull()) {
            if (!parameters.isObject()) {
                throw new QuireException.InvalidRequest("output '" + name + "': 'parameters' must be a JSON object");
            }
            parameters.fields().forEachRemaining(e -> requested.putParameters(e.getKey(), parameter(e.getKey(), e.getValue())));
        }
        String tensor = "output '" + name + "'";
        requireBoolean(tensor + " parameter '" + BINARY_DATA + "'", output.path("parameters").get(BINARY_DATA));
        JsonNode classCount = output.path("parameters").get(CLASS_COUNT);
        if (classCount != null && !(classCount.isIntegralNumber() && classCount.longValue() == 0)) {
            throw new QuireException.InvalidRequest(tensor + " asks for " + CLASS_COUNT + " " + classCount
                    + "; Triton's classification extension is not supported, expected 0 or no " + CLASS_COUNT);
        }
        return requested.build();
    }

    private static void requireBoolean(String what, JsonNode value) {
        if (value != null && !value.isBoolean()) {
            throw new QuireException.InvalidRequest(what + " must be true or false, got " + value);
        }
    }
}
