package dev.quire.inference.http;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import dev.quire.common.QuireException;
import dev.quire.common.inference.TextTensors;
import dev.quire.proto.inference.InferParameter;
import dev.quire.proto.inference.InferTensorContents;
import dev.quire.proto.inference.ModelInferRequest;
import dev.quire.proto.inference.ModelInferResponse;

/**
 * Converts between KServe v2 REST JSON and the gRPC messages, so both surfaces share one path.
 * Only BYTES inputs are accepted: every model Quire serves over this path takes text.
 */
final class JsonInferRequests {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private JsonInferRequests() {
    }

    /** A KServe v2 {@code /infer} body. */
    static ModelInferRequest infer(String model, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new QuireException.InvalidRequest("the body must be a JSON object with 'inputs' (KServe v2 inference request)");
        }
        ModelInferRequest.Builder request = ModelInferRequest.newBuilder().setModelName(model);
        if (body.hasNonNull("id")) {
            request.setId(body.get("id").asText());
        }
        parameters(body.get("parameters"), request);
        JsonNode inputs = body.get("inputs");
        if (inputs == null || !inputs.isArray() || inputs.isEmpty()) {
            throw new QuireException.InvalidRequest("the request has no 'inputs' array; expected [{\"name\": \"" + TextTensors.TEXT_INPUT
                    + "\", \"datatype\": \"BYTES\", \"shape\": [1], \"data\": [\"...\"]}]");
        }
        for (JsonNode input : inputs) {
            request.addInputs(tensor(input));
        }
        return request.build();
    }

    /** Triton's generate extension: input tensors and parameters as top-level keys / "parameters". */
    static ModelInferRequest generate(String model, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new QuireException.InvalidRequest("the body must be a JSON object like {\"" + TextTensors.TEXT_INPUT + "\": \"...\", \"parameters\": {...}}");
        }
        ModelInferRequest.Builder request = ModelInferRequest.newBuilder().setModelName(model);
        parameters(body.get("parameters"), request);
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            if (key.equals("parameters")) {
                continue;
            }
            if (key.equals("id")) {
                request.setId(field.getValue().asText());
            } else if (field.getValue().isTextual()) {
                request.addInputs(TextTensors.textInput(key, field.getValue().asText()));
            } else {
                // Triton treats other top-level keys as parameters when they are not inputs.
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

    private static ModelInferRequest.InferInputTensor tensor(JsonNode input) {
        String name = input.path("name").asText("");
        String datatype = input.path("datatype").asText("");
        if (name.isEmpty()) {
            throw new QuireException.InvalidRequest("an input has no 'name'");
        }
        if (!datatype.equals(TextTensors.BYTES)) {
            throw new QuireException.InvalidRequest("input '" + name + "' has datatype '" + datatype + "'; expected BYTES");
        }
        ModelInferRequest.InferInputTensor.Builder tensor = ModelInferRequest.InferInputTensor.newBuilder().setName(name).setDatatype(datatype);
        JsonNode shape = input.get("shape");
        if (shape == null || !shape.isArray()) {
            throw new QuireException.InvalidRequest("input '" + name + "' has no 'shape' array");
        }
        shape.forEach(d -> tensor.addShape(d.asLong()));
        JsonNode data = input.get("data");
        if (data == null || !data.isArray()) {
            throw new QuireException.InvalidRequest("input '" + name + "' has no 'data' array (the binary-data extension is not supported)");
        }
        InferTensorContents.Builder contents = InferTensorContents.newBuilder();
        flatten(data, contents, name);
        return tensor.setContents(contents).build();
    }

    private static void flatten(JsonNode data, InferTensorContents.Builder contents, String name) {
        for (JsonNode element : data) {
            if (element.isArray()) {
                flatten(element, contents, name);
            } else if (element.isTextual()) {
                contents.addBytesContents(ByteString.copyFromUtf8(element.asText()));
            } else {
                throw new QuireException.InvalidRequest("input '" + name + "' is BYTES, so its data must be strings; found " + element);
            }
        }
    }

    /** A KServe v2 inference response as JSON. */
    static ObjectNode inferResponse(ModelInferResponse response) {
        ObjectNode out = JSON.objectNode();
        out.put("model_name", response.getModelName());
        out.put("model_version", response.getModelVersion());
        if (!response.getId().isEmpty()) {
            out.put("id", response.getId());
        }
        ObjectNode parameters = parametersJson(response.getParametersMap());
        if (!parameters.isEmpty()) {
            out.set("parameters", parameters);
        }
        ArrayNode outputs = out.putArray("outputs");
        for (ModelInferResponse.InferOutputTensor tensor : response.getOutputsList()) {
            ObjectNode o = outputs.addObject();
            o.put("name", tensor.getName());
            o.put("datatype", tensor.getDatatype());
            ArrayNode shape = o.putArray("shape");
            tensor.getShapeList().forEach(shape::add);
            ArrayNode data = o.putArray("data");
            if (tensor.getDatatype().equals("FP32")) {
                // Embeddings: row-major, as KServe's JSON form flattens tensors.
                tensor.getContents().getFp32ContentsList().forEach(data::add);
            } else {
                TextTensors.readOutput(response, tensor.getName()).ifPresent(data::add);
            }
        }
        return out;
    }

    /** Triton's generate response: text_output and parameters at the top level. */
    static ObjectNode generateResponse(String model, String text, Map<String, InferParameter> parameters) {
        ObjectNode out = JSON.objectNode();
        out.put("model_name", model);
        out.put("model_version", "1");
        out.put(TextTensors.TEXT_OUTPUT, text);
        parametersJson(parameters).fields().forEachRemaining(e -> out.set(e.getKey(), e.getValue()));
        return out;
    }

    static ObjectNode parametersJson(Map<String, InferParameter> parameters) {
        ObjectNode out = JSON.objectNode();
        parameters.forEach((k, v) -> {
            switch (v.getParameterChoiceCase()) {
                case BOOL_PARAM -> out.put(k, v.getBoolParam());
                case INT64_PARAM -> out.put(k, v.getInt64Param());
                case UINT64_PARAM -> out.put(k, v.getUint64Param());
                case DOUBLE_PARAM -> out.put(k, v.getDoubleParam());
                case STRING_PARAM -> out.put(k, v.getStringParam());
                default -> { }
            }
        });
        return out;
    }
}
