package dev.quire.inference.engine.remote;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import dev.quire.common.QuireException;
import dev.quire.common.inference.InferenceParameters;
import dev.quire.common.inference.TextTensors;
import dev.quire.inference.engine.GenerationOptions;
import dev.quire.proto.inference.InferParameter;
import dev.quire.proto.inference.InferTensorContents;
import dev.quire.proto.inference.ModelInferRequest;

/**
 * How generation options travel to a remote Triton model. Backends disagree: Quire (and Triton's
 * generate extension) read request parameters, the vLLM backend reads a {@code sampling_parameters}
 * JSON tensor and a {@code stream} BOOL tensor, the TensorRT-LLM ensemble reads one typed tensor
 * per option. All three answer in BYTES {@code text_output}.
 */
public enum TritonDialect {

    /** Triton's LLM parameter convention as Quire's inference-svc serves it. */
    QUIRE {
        @Override
        void fill(ModelInferRequest.Builder request, String prompt, GenerationOptions options, boolean stream) {
            request.addInputs(TextTensors.textInput(TextTensors.TEXT_INPUT, prompt));
            request.putParameters(InferenceParameters.MAX_TOKENS, TextTensors.intParam(options.maxTokens()));
            request.putParameters(InferenceParameters.TEMPERATURE, TextTensors.doubleParam(options.temperature()));
            options.seed().ifPresent(seed -> request.putParameters(InferenceParameters.SEED, TextTensors.intParam(seed)));
            if (!options.stop().isEmpty()) {
                request.putParameters(InferenceParameters.STOP, TextTensors.stringParam(json(options.stop())));
            }
            options.grammar().ifPresent(g -> request.putParameters(InferenceParameters.GRAMMAR, TextTensors.stringParam(g)));
            if (options.ignoreEos()) {
                request.putParameters(InferenceParameters.IGNORE_EOS, InferParameter.newBuilder().setBoolParam(true).build());
            }
            if (stream) {
                request.putParameters(InferenceParameters.STREAM, InferParameter.newBuilder().setBoolParam(true).build());
            }
        }
    },

    /** Triton's vLLM backend (model.py): text_input, stream, sampling_parameters, exclude_input_in_output. */
    VLLM {
        @Override
        void fill(ModelInferRequest.Builder request, String prompt, GenerationOptions options, boolean stream) {
            ObjectNode sampling = JSON.createObjectNode();
            sampling.put("max_tokens", options.maxTokens());
            sampling.put("temperature", options.temperature());
            options.seed().ifPresent(seed -> sampling.put("seed", seed));
            if (!options.stop().isEmpty()) {
                options.stop().forEach(sampling.putArray("stop")::add);
            }
            options.grammar().ifPresent(g -> sampling.putObject("guided_decoding").put("grammar", g));
            if (options.ignoreEos()) {
                sampling.put(InferenceParameters.IGNORE_EOS, true);
            }
            request.addInputs(TextTensors.textInput(TextTensors.TEXT_INPUT, prompt));
            request.addInputs(bool("stream", stream));
            request.addInputs(bytes("sampling_parameters", sampling.toString()));
            request.addInputs(bool("exclude_input_in_output", true));
        }
    },

    /** TensorRT-LLM's ensemble model: one tensor per option, batch dimension first ([1, 1]). */
    TENSORRT_LLM {
        @Override
        void fill(ModelInferRequest.Builder request, String prompt, GenerationOptions options, boolean stream) {
            if (options.grammar().isPresent()) {
                throw new QuireException.InvalidRequest("the remote TensorRT-LLM model cannot follow a grammar; send the request without 'grammar' or 'json_schema'");
            }
            if (options.ignoreEos()) {
                throw new QuireException.InvalidRequest("the remote TensorRT-LLM model cannot be asked to ignore the end-of-sequence token; "
                        + "send the request without 'ignore_eos'");
            }
            request.addInputs(batched(bytes(TextTensors.TEXT_INPUT, prompt)));
            request.addInputs(tensor("max_tokens", "INT32", InferTensorContents.newBuilder().addIntContents(options.maxTokens())));
            request.addInputs(tensor("temperature", "FP32", InferTensorContents.newBuilder().addFp32Contents((float) options.temperature())));
            options.seed().ifPresent(seed -> request.addInputs(tensor("random_seed", "UINT64", InferTensorContents.newBuilder().addUint64Contents(seed))));
            if (!options.stop().isEmpty()) {
                InferTensorContents.Builder words = InferTensorContents.newBuilder();
                options.stop().forEach(s -> words.addBytesContents(ByteString.copyFromUtf8(s)));
                request.addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("stop_words").setDatatype(TextTensors.BYTES)
                        .addShape(1).addShape(options.stop().size()).setContents(words));
            }
            request.addInputs(batched(bool("stream", stream)));
        }
    };

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Adds the prompt and the options to {@code request} in this backend's shape. */
    abstract void fill(ModelInferRequest.Builder request, String prompt, GenerationOptions options, boolean stream);

    /** The dialect a model config names: case-insensitive, tensorrt-llm and tensorrt_llm alike. */
    public static Optional<TritonDialect> fromConfigName(String name) {
        return java.util.Arrays.stream(values()).filter(d -> d.name().equalsIgnoreCase(name.replace('-', '_'))).findFirst();
    }

    /** The values a config file may give, as its error messages list them. */
    public static String allowed() {
        return String.join(" | ", java.util.Arrays.stream(values()).map(d -> d.name().toLowerCase(java.util.Locale.ROOT)).toList());
    }

    private static String json(List<String> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a list of strings always serialises", e);
        }
    }

    private static ModelInferRequest.InferInputTensor bool(String name, boolean value) {
        return ModelInferRequest.InferInputTensor.newBuilder().setName(name).setDatatype("BOOL").addShape(1)
                .setContents(InferTensorContents.newBuilder().addBoolContents(value)).build();
    }

    private static ModelInferRequest.InferInputTensor bytes(String name, String value) {
        return TextTensors.textInput(name, value);
    }

    private static ModelInferRequest.InferInputTensor tensor(String name, String datatype, InferTensorContents.Builder contents) {
        return ModelInferRequest.InferInputTensor.newBuilder().setName(name).setDatatype(datatype).addShape(1).addShape(1)
                .setContents(contents).build();
    }

    /** Prepends the batch dimension: [1] becomes [1, 1]. */
    private static ModelInferRequest.InferInputTensor batched(ModelInferRequest.InferInputTensor tensor) {
        return tensor.toBuilder().clearShape().addShape(1).addShape(1).build();
    }
}
