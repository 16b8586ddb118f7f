package dev.quire.inference.grpc;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import dev.quire.common.QuireException;
import dev.quire.common.inference.InferenceParameters;
import dev.quire.common.inference.TextTensors;
import dev.quire.inference.engine.GbnfGrammarCheck;
import dev.quire.inference.engine.GenerationOptions;
import dev.quire.inference.engine.JsonSchemaSubset;
import dev.quire.inference.engine.TextGenerationEngine;
import dev.quire.proto.inference.ModelInferRequest;

/**
 * Turns a KServe ModelInferRequest into a prompt and validated generation options, following
 * Triton's LLM convention (BYTES {@code text_input}, parameters max_tokens, temperature, seed,
 * stop, ignore_eos) plus Quire's grammar and json_schema. Every rejection names what was wrong and the limit.
 */
public final class GenerationRequestParser {

    /** Sampling above this is noise for every model we serve (OpenAI uses the same bound). */
    static final double MAX_TEMPERATURE = 2.0;
    static final int MAX_STOP_STRINGS = 16;
    /** Triton's vLLM backend's input asking for text_output without the prompt. */
    static final String EXCLUDE_INPUT_IN_OUTPUT = "exclude_input_in_output";
    /** The request parameters this parser reads, named in a refusal of settings sent another way. */
    static final List<String> SETTINGS = List.of(InferenceParameters.MAX_TOKENS, InferenceParameters.TEMPERATURE, InferenceParameters.SEED,
            InferenceParameters.STOP, InferenceParameters.IGNORE_EOS, InferenceParameters.GRAMMAR, InferenceParameters.JSON_SCHEMA);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int defaultMaxTokens;
    private final int maxTokensCap;

    public GenerationRequestParser(int defaultMaxTokens, int maxTokensCap) {
        this.defaultMaxTokens = defaultMaxTokens;
        this.maxTokensCap = maxTokensCap;
    }

    /**
     * @param prompt  the text_input element
     * @param options validated options (json_schema already converted to a grammar)
     */
    public record ParsedRequest(String prompt, GenerationOptions options) {
    }

    public ParsedRequest parse(ModelInferRequest request, TextGenerationEngine engine) {
        String prompt = prompt(request);
        requireOnlyTextOutput(request);
        InferParameterReader params = new InferParameterReader(request.getParametersMap());
        long maxTokens = params.integer(InferenceParameters.MAX_TOKENS).orElse((long) defaultMaxTokens);
        if (maxTokens < 1 || maxTokens > maxTokensCap) {
            throw new QuireException.InvalidRequest("parameter 'max_tokens' must be between 1 and " + maxTokensCap + ", got " + maxTokens);
        }
        double temperature = params.number(InferenceParameters.TEMPERATURE).orElse(0.0);
        if (!(temperature >= 0.0 && temperature <= MAX_TEMPERATURE)) {
            throw new QuireException.InvalidRequest("parameter 'temperature' must be between 0 and " + MAX_TEMPERATURE + ", got " + temperature);
        }
        Optional<Long> seed = params.integer(InferenceParameters.SEED);
        if (seed.isPresent() && (seed.get() < 0 || seed.get() > Integer.MAX_VALUE)) {
            throw new QuireException.InvalidRequest("parameter 'seed' must be between 0 and " + Integer.MAX_VALUE + ", got " + seed.get());
        }
        List<String> stop = params.string(InferenceParameters.STOP).map(GenerationRequestParser::stopStrings).orElse(List.of());
        Optional<String> grammar = grammar(params, engine);
        boolean ignoreEos = params.bool(InferenceParameters.IGNORE_EOS).orElse(false);
        return new ParsedRequest(prompt, new GenerationOptions((int) maxTokens, temperature, seed, stop, grammar, Optional.empty(), ignoreEos));
    }

    private static String prompt(ModelInferRequest request) {
        List<String> values;
        try {
            values = TextTensors.readInput(request, TextTensors.TEXT_INPUT).orElseThrow(() -> new QuireException.InvalidRequest(
                    "the request has no input '" + TextTensors.TEXT_INPUT + "' (expected one BYTES tensor of shape [1] holding the prompt); inputs given: "
                            + request.getInputsList().stream().map(ModelInferRequest.InferInputTensor::getName).toList()));
        } catch (IllegalArgumentException e) {
            throw new QuireException.InvalidRequest(e.getMessage() + " (expected input '" + TextTensors.TEXT_INPUT + "': BYTES, shape [1])");
        }
        List<Long> shape = onlyTextInput(request).getShapeList();
        if (!shape.equals(List.of(1L)) && !shape.equals(List.of(1L, 1L))) {
            throw new QuireException.InvalidRequest("input '" + TextTensors.TEXT_INPUT + "' has shape " + shape
                    + "; expected [1], one prompt per request ([1, 1], a batch of one, is accepted too)");
        }
        if (values.size() != 1) {
            throw new QuireException.InvalidRequest("input '" + TextTensors.TEXT_INPUT + "' must hold exactly 1 element (shape [1]), got " + values.size());
        }
        if (values.get(0).isEmpty()) {
            throw new QuireException.InvalidRequest("input '" + TextTensors.TEXT_INPUT + "' is empty; send the prompt text");
        }
        return values.get(0);
    }

    /**
     * The prompt tensor, once it is given once and is the only input. Triton refuses an input the model
     * does not declare; read past, it would be dropped unread. The one exception is the vLLM backend's
     * {@code exclude_input_in_output} set to true, which its clients send and which asks for what Quire
     * always does (text_output without the prompt). The vLLM backend's other inputs carry settings that
     * here are request parameters, and the refusal says so.
     */
    private static ModelInferRequest.InferInputTensor onlyTextInput(ModelInferRequest request) {
        List<ModelInferRequest.InferInputTensor> prompts = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (int i = 0; i < request.getInputsCount(); i++) {
            String name = request.getInputs(i).getName();
            if (name.equals(TextTensors.TEXT_INPUT)) {
                prompts.add(request.getInputs(i));
            } else if (name.equals(EXCLUDE_INPUT_IN_OUTPUT)) {
                if (!onlyTrue(request, i)) {
                    throw new QuireException.InvalidRequest("input '" + EXCLUDE_INPUT_IN_OUTPUT + "' must be a BOOL [1] holding true: "
                            + "text_output never repeats the prompt here; leave the input out or send true");
                }
            } else {
                others.add(name);
            }
        }
        if (prompts.size() > 1) {
            throw new QuireException.InvalidRequest("input '" + TextTensors.TEXT_INPUT + "' is given " + prompts.size() + " times; send it once");
        }
        if (!others.isEmpty()) {
            throw new QuireException.InvalidRequest("unexpected input(s) " + others + "; a generation model has one input, '" + TextTensors.TEXT_INPUT
                    + "' (BYTES, shape [1]); send settings as request parameters (" + String.join(", ", SETTINGS) + ")");
        }
        return prompts.get(0);
    }

    /** A requested output the model does not have is refused, as Triton refuses it, rather than answered without it. */
    private static void requireOnlyTextOutput(ModelInferRequest request) {
        for (ModelInferRequest.InferRequestedOutputTensor out : request.getOutputsList()) {
            if (!out.getName().equals(TextTensors.TEXT_OUTPUT)) {
                throw new QuireException.InvalidRequest("a generation model has no output '" + out.getName() + "'; its output is '"
                        + TextTensors.TEXT_OUTPUT + "' (BYTES, shape [1])");
            }
        }
    }

    /** Whether input {@code index} is a BOOL tensor of one element, true (typed, or raw: one byte). */
    private static boolean onlyTrue(ModelInferRequest request, int index) {
        ModelInferRequest.InferInputTensor input = request.getInputs(index);
        if (!input.getDatatype().equals("BOOL")) {
            return false;
        }
        if (request.getRawInputContentsCount() > index) {
            ByteString raw = request.getRawInputContents(index);
            return raw.size() == 1 && raw.byteAt(0) != 0;
        }
        return input.getContents().getBoolContentsList().equals(List.of(true));
    }

    /** A JSON array of strings, or one plain string. */
    static List<String> stopStrings(String raw) {
        List<String> stops = new ArrayList<>();
        if (raw.strip().startsWith("[")) {
            JsonNode node;
            try {
                node = JSON.readTree(raw);
            } catch (JsonProcessingException e) {
                throw new QuireException.InvalidRequest("parameter 'stop' looks like a JSON array but does not parse: " + e.getOriginalMessage());
            }
            for (JsonNode element : node) {
                if (!element.isTextual()) {
                    throw new QuireException.InvalidRequest("parameter 'stop' must be a JSON array of strings, found " + element.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
                }
                stops.add(element.asText());
            }
        } else {
            stops.add(raw);
        }
        if (stops.size() > MAX_STOP_STRINGS) {
            throw new QuireException.InvalidRequest("parameter 'stop' holds " + stops.size() + " strings; at most " + MAX_STOP_STRINGS + " are allowed");
        }
        if (stops.stream().anyMatch(String::isEmpty)) {
            throw new QuireException.InvalidRequest("parameter 'stop' contains an empty string, which would stop before the first token");
        }
        return List.copyOf(stops);
    }

    private static Optional<String> grammar(InferParameterReader params, TextGenerationEngine engine) {
        Optional<String> grammar = params.string(InferenceParameters.GRAMMAR);
        Optional<String> schema = params.string(InferenceParameters.JSON_SCHEMA);
        if (grammar.isPresent() && schema.isPresent()) {
            throw new QuireException.InvalidRequest("parameters 'grammar' and 'json_schema' exclude each other; send one");
        }
        if (grammar.isPresent()) {
            try {
                GbnfGrammarCheck.check(grammar.get());
            } catch (IllegalArgumentException e) {
                throw new QuireException.InvalidRequest("parameter 'grammar' is not valid GBNF: " + e.getMessage());
            }
            return grammar;
        }
        if (schema.isEmpty()) {
            return Optional.empty();
        }
        // Check the JSON here: malformed input must not reach the native converter.
        JsonNode node;
        try {
            node = JSON.readTree(schema.get());
        } catch (JsonProcessingException e) {
            throw new QuireException.InvalidRequest("parameter 'json_schema' is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new QuireException.InvalidRequest("parameter 'json_schema' must be a JSON object (a JSON Schema)");
        }
        try {
            JsonSchemaSubset.check(node);
        } catch (IllegalArgumentException e) {
            throw new QuireException.InvalidRequest("parameter 'json_schema' uses an unsupported construct: " + e.getMessage());
        }
        try {
            return Optional.of(engine.jsonSchemaToGrammar(schema.get()));
        } catch (RuntimeException e) {
            throw new QuireException.InvalidRequest("parameter 'json_schema' cannot be turned into a grammar: " + e.getMessage());
        }
    }
}
