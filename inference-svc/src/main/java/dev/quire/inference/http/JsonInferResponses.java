package dev.quire.inference.http;

import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import dev.quire.proto.inference.InferParameter;
import dev.quire.proto.inference.InferTensorContents;
import dev.quire.proto.inference.ModelInferRequest;
import dev.quire.proto.inference.ModelInferResponse;

/**
 * Turns the gRPC responses into KServe v2 REST responses: JSON, with the outputs the request asked
 * for as binary data (Triton's binary_tensor_data extension) placed after the JSON object.
 */
final class JsonInferResponses {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private JsonInferResponses() {
    }

    /**
     * An {@code /infer} response body.
     *
     * @param json            the response object; a binary output carries {@code binary_data_size} instead of {@code data}
     * @param binary          the binary outputs' bytes, in output order, to send after the JSON
     * @param hasBinaryOutput whether any output is binary (then the binary form is sent, even if it is 0 bytes long)
     */
    record InferResponseBody(ObjectNode json, ByteString binary, boolean hasBinaryOutput) {
    }

    /** A KServe v2 inference response; outputs are binary where {@link #binary} says so. */
    static InferResponseBody inferResponse(ModelInferResponse response, ModelInferRequest request) {
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
        ByteString binary = ByteString.EMPTY;
        boolean hasBinaryOutput = false;
        ArrayNode outputs = out.putArray("outputs");
        for (int i = 0; i < response.getOutputsCount(); i++) {
            ModelInferResponse.InferOutputTensor tensor = response.getOutputs(i);
            TensorDatatype type = TensorDatatype.of("output '" + tensor.getName() + "'", tensor.getDatatype());
            ObjectNode o = outputs.addObject();
            o.put("name", tensor.getName());
            o.put("datatype", tensor.getDatatype());
            ArrayNode shape = o.putArray("shape");
            tensor.getShapeList().forEach(shape::add);
            if (binary(request, tensor.getName())) {
                ByteString bytes = response.getRawOutputContentsCount() > i ? response.getRawOutputContents(i) : BinaryTensorCodec.encode(type, tensor.getContents());
                o.putObject("parameters").put(JsonInferRequests.BINARY_DATA_SIZE, bytes.size());
                binary = binary.concat(bytes);
                hasBinaryOutput = true;
            } else {
                JsonTensorData.write(type, contents(response, i, type), o.putArray("data"));
            }
        }
        return new InferResponseBody(out, binary, hasBinaryOutput);
    }

    /**
     * Whether the output goes out as binary data: the requested output's {@code binary_data} if it
     * has one, else the request's {@code binary_data_output}, else JSON (Triton's rule).
     */
    static boolean binary(ModelInferRequest request, String output) {
        for (ModelInferRequest.InferRequestedOutputTensor requested : request.getOutputsList()) {
            InferParameter perOutput = requested.getParametersMap().get(JsonInferRequests.BINARY_DATA);
            if (requested.getName().equals(output) && perOutput != null) {
                return perOutput.getBoolParam();
            }
        }
        InferParameter all = request.getParametersMap().get(JsonInferRequests.BINARY_DATA_OUTPUT);
        return all != null && all.getBoolParam();
    }

    /** Output {@code i}'s elements; an engine may answer in gRPC's raw form, which has the binary extension's layout. */
    private static InferTensorContents contents(ModelInferResponse response, int i, TensorDatatype type) {
        ModelInferResponse.InferOutputTensor tensor = response.getOutputs(i);
        return response.getRawOutputContentsCount() > i
                ? BinaryTensorCodec.decode("output '" + tensor.getName() + "'", type, tensor.getShapeList(),
                        response.getRawOutputContents(i).asReadOnlyByteBuffer())
                : tensor.getContents();
    }

    /**
     * Triton's generate response: each output at the top level under its name (a single BYTES
     * element as a string, such as {@code text_output}; any other tensor as its row-major data), then
     * the response parameters.
     */
    static ObjectNode generateResponse(ModelInferResponse response) {
        ObjectNode out = JSON.objectNode();
        out.put("model_name", response.getModelName());
        out.put("model_version", response.getModelVersion());
        for (int i = 0; i < response.getOutputsCount(); i++) {
            ModelInferResponse.InferOutputTensor tensor = response.getOutputs(i);
            TensorDatatype type = TensorDatatype.of("output '" + tensor.getName() + "'", tensor.getDatatype());
            InferTensorContents contents = contents(response, i, type);
            if (type == TensorDatatype.BYTES && contents.getBytesContentsCount() == 1) {
                out.put(tensor.getName(), contents.getBytesContents(0).toStringUtf8());
            } else {
                JsonTensorData.write(type, contents, out.putArray(tensor.getName()));
            }
        }
        parametersJson(response.getParametersMap()).fields().forEachRemaining(e -> out.set(e.getKey(), e.getValue()));
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
