package dev.quire.inference.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import dev.quire.common.QuireException;
import dev.quire.common.inference.InferenceParameters;
import dev.quire.common.inference.TextTensors;
import dev.quire.inference.engine.GenerationOptions;
import dev.quire.inference.engine.GenerationResult;
import dev.quire.inference.engine.LlamaNativeLibrary;
import dev.quire.inference.engine.TextGenerationEngine;
import dev.quire.inference.engine.TokenSink;
import dev.quire.proto.inference.InferParameter;
import dev.quire.proto.inference.ModelInferRequest;
import org.junit.jupiter.api.Test;

class GenerationRequestParserTest {

    private final GenerationRequestParser parser = new GenerationRequestParser(128, 2048);

    /** Only schema conversion is needed here; it uses llama.cpp's real converter. */
    private static final TextGenerationEngine CONVERTER = new TextGenerationEngine() {
        @Override
        public GenerationResult generate(String prompt, GenerationOptions options, TokenSink sink) {
            throw new UnsupportedOperationException("the parser never generates");
        }

        @Override
        public int countTokens(String prompt) {
            throw new UnsupportedOperationException("the parser never counts tokens");
        }

        @Override
        public int contextSize() {
            return 4096;
        }

        @Override
        public String jsonSchemaToGrammar(String jsonSchema) {
            LlamaNativeLibrary.useOwnTmpDir();
            return de.kherud.llama.LlamaModel.jsonSchemaToGrammar(jsonSchema);
        }

        @Override
        public void close() {
        }
    };

    private static ModelInferRequest.Builder request(String prompt) {
        return ModelInferRequest.newBuilder().setModelName("llm").addInputs(TextTensors.textInput(TextTensors.TEXT_INPUT, prompt));
    }

    private GenerationOptions options(ModelInferRequest.Builder request) {
        return parser.parse(request.build(), CONVERTER).options();
    }

    private String rejection(ModelInferRequest.Builder request) {
        return assertThrows(QuireException.InvalidRequest.class, () -> parser.parse(request.build(), CONVERTER)).getMessage();
    }

    @Test
    void defaultsAreGreedyWithTheConfiguredMaxTokens() {
        GenerationRequestParser.ParsedRequest parsed = parser.parse(request("hello").build(), CONVERTER);
        assertEquals("hello", parsed.prompt());
        assertEquals(128, parsed.options().maxTokens());
        assertEquals(0.0, parsed.options().temperature());
        assertEquals(Optional.empty(), parsed.options().seed());
        assertEquals(List.of(), parsed.options().stop());
        assertEquals(Optional.empty(), parsed.options().grammar());
        assertFalse(parsed.options().ignoreEos(), "the answer ends at the end-of-sequence token unless asked otherwise");
    }

    @Test
    void ignoreEosIsABool() {
        assertTrue(options(request("hi").putParameters(InferenceParameters.IGNORE_EOS, InferParameter.newBuilder().setBoolParam(true).build())).ignoreEos());
        assertTrue(options(request("hi").putParameters(InferenceParameters.IGNORE_EOS, TextTensors.stringParam("true"))).ignoreEos());
        assertFalse(options(request("hi").putParameters(InferenceParameters.IGNORE_EOS, InferParameter.newBuilder().setBoolParam(false).build())).ignoreEos());
        assertTrue(rejection(request("hi").putParameters(InferenceParameters.IGNORE_EOS, TextTensors.intParam(1))).contains("'ignore_eos' must be true or false, got the number 1"));
        assertTrue(rejection(request("hi").putParameters(InferenceParameters.IGNORE_EOS, TextTensors.stringParam("yes"))).contains("'ignore_eos' must be true or false, got the string 'yes'"));
    }

    @Test
    void readsEveryParameterInTheFormsClientsSend() {
        GenerationOptions options = options(request("hi")
                .putParameters(InferenceParameters.MAX_TOKENS, InferParameter.newBuilder().setUint64Param(64).build())
                .putParameters(InferenceParameters.TEMPERATURE, TextTensors.stringParam("0.7"))
                .putParameters(InferenceParameters.SEED, TextTensors.intParam(42))
                .putParameters(InferenceParameters.STOP, TextTensors.stringParam("[\"\\n\\n\", \";\"]")));
        assertEquals(64, options.maxTokens());
        assertEquals(0.7, options.temperature());
        assertEquals(Optional.of(42L), options.seed());
        assertEquals(List.of("\n\n", ";"), options.stop());

        assertEquals(1.0, options(request("hi").putParameters(InferenceParameters.TEMPERATURE, TextTensors.intParam(1))).temperature());
        // A whole number however it came: Python's json writes 16.0 for a float, a form field sends "16".
        assertEquals(16, options(request("hi").putParameters(InferenceParameters.MAX_TOKENS, TextTensors.doubleParam(16.0))).maxTokens());
        assertEquals(16, options(request("hi").putParameters(InferenceParameters.MAX_TOKENS, TextTensors.stringParam(" 16"))).maxTokens());
        assertEquals(List.of("END"), options(request("hi").putParameters(InferenceParameters.STOP, TextTensors.stringParam("END"))).stop());
    }

    @Test
    void rejectsBadValuesNamingTheParameterAndTheLimit() {
        assertTrue(rejection(request("hi").putParameters(InferenceParameters.MAX_TOKENS, TextTensors.intParam(0))).contains("'max_tokens' must be between 1 and 2048, got 0"));
        assertTrue(rejection(request("hi").putParameters(InferenceParameters.MAX_TOKENS, TextTensors.doubleParam(3.5))).contains("'max_tokens' must be a whole number, got the number 3.5"));
        assertTrue(rejection(request("hi").putParameters(InferenceParameters.MAX_TOKENS, TextTensors.stringParam("lots"))).contains("'max_tokens' must be a whole number, got the string 'lots'"));
        assertTrue(rejection(request("hi").putParameters(InferenceParameters.MAX_TOKENS, InferParameter.newBuilder().setBoolParam(true).build()))
                .contains("'max_tokens' must be a whole number, got the bool true"));
        assertTrue(rejection(request("hi").putParameters(InferenceParameters.TEMPERATURE, TextTensors.stringParam("hot"))).contains("'temperature' must be a number, got the string 'hot'"));
        assertTrue(rejection(request("hi").putParameters(InferenceParameters.TEMPERATURE, TextTensors.stringParam("NaN"))).contains("'temperature' must be between 0 and 2.0"));
        assertTrue(rejection(request("hi").putParameters(InferenceParameters.TEMPERATURE, TextTensors.doubleParam(-1))).contains("'temperature' must be between 0 and 2.0"));
        assertTrue(rejection(request("hi").putParameters(InferenceParameters.SEED, TextTensors.intParam(-5))).contains("'seed' must be between 0 and 2147483647"));
        assertTrue(rejection(request("hi").putParameters(InferenceParameters.STOP, TextTensors.intParam(1))).contains("'stop' must be a string"));
        assertTrue(rejection(request("hi").putParameters(InferenceParameters.STOP, TextTensors.stringParam("[1]"))).contains("'stop' must be a JSON array of strings"));
        assertTrue(rejection(request("hi").putParameters(InferenceParameters.STOP, TextTensors.stringParam("[\"a\""))).contains("'stop' looks like a JSON array but does not parse"));
        assertTrue(rejection(request("hi").putParameters(InferenceParameters.GRAMMAR, TextTensors.stringParam("root ::= (("))).contains("'grammar' is not valid GBNF"));
        assertTrue(rejection(request("hi")
                .putParameters(InferenceParameters.GRAMMAR, TextTensors.stringParam("root ::= \"a\""))
                .putParameters(InferenceParameters.JSON_SCHEMA, TextTensors.stringParam("{}"))).contains("exclude each other"));
        assertTrue(rejection(request("hi").putParameters(InferenceParameters.JSON_SCHEMA, TextTensors.stringParam("{\"type\":\"foo\"}"))).contains("'json_schema' uses an unsupported construct"));
        assertTrue(rejection(request("hi").putParameters(InferenceParameters.JSON_SCHEMA, TextTensors.stringParam("[1]"))).contains("must be a JSON object"));
    }

    /** A text_input holding the strings "a" and "b", declared with shape [{@code dimension}]. */
    private static ModelInferRequest.Builder twoPrompts(long dimension) {
        return ModelInferRequest.newBuilder().setModelName("llm").addInputs(ModelInferRequest.InferInputTensor.newBuilder()
                .setName(TextTensors.TEXT_INPUT).setDatatype("BYTES").addShape(dimension)
                .setContents(dev.quire.proto.inference.InferTensorContents.newBuilder()
                        .addBytesContents(com.google.protobuf.ByteString.copyFromUtf8("a"))
                        .addBytesContents(com.google.protobuf.ByteString.copyFromUtf8("b"))));
    }

    @Test
    void rejectsBadTextInputs() {
        assertTrue(rejection(ModelInferRequest.newBuilder().setModelName("llm")).contains("no input 'text_input'"));
        assertTrue(rejection(request("")).contains("'text_input' is empty"));
        assertTrue(rejection(twoPrompts(2)).contains("has shape [2]; expected [1]"));
        assertTrue(rejection(twoPrompts(1)).contains("exactly 1 element (shape [1]), got 2"));
        ModelInferRequest.Builder truncatedRaw = ModelInferRequest.newBuilder().setModelName("llm")
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName(TextTensors.TEXT_INPUT).setDatatype("BYTES").addShape(1))
                .addRawInputContents(com.google.protobuf.ByteString.copyFrom(new byte[] {9, 0, 0, 0, 'a'}));
        assertTrue(rejection(truncatedRaw).contains("claims 9 bytes"));
    }

    @Test
    void aPromptTensorOfAnotherShapeIsRefusedNamingTheExpectedOne() {
        for (List<Long> shape : List.of(List.of(-1L), List.of(0L), List.of(2L, 1L), List.of(1L, 2L), List.<Long>of())) {
            ModelInferRequest.Builder request = ModelInferRequest.newBuilder().setModelName("llm").addInputs(TextTensors.textInput(TextTensors.TEXT_INPUT, "hi")
                    .toBuilder().clearShape().addAllShape(shape));
            assertTrue(rejection(request).contains("has shape " + shape + "; expected [1]"), shape.toString());
        }
        ModelInferRequest.Builder batchOfOne = ModelInferRequest.newBuilder().setModelName("llm").addInputs(TextTensors.textInput(TextTensors.TEXT_INPUT, "hi")
                .toBuilder().addShape(1));
        assertEquals("hi", parser.parse(batchOfOne.build(), CONVERTER).prompt());
    }

    /** Settings sent as inputs, as clients of Triton's vLLM backend send them, would otherwise be dropped unread. */
    @Test
    void anInputTheModelDoesNotDeclareIsRefusedNotIgnored() {
        String refused = rejection(request("hi").addInputs(TextTensors.textInput("sampling_parameters", "{\"max_tokens\": 2}")));
        assertTrue(refused.contains("unexpected input(s) [sampling_parameters]") && refused.contains("max_tokens"), refused);
        ModelInferRequest.InferInputTensor.Builder exclude = ModelInferRequest.InferInputTensor.newBuilder()
                .setName("exclude_input_in_output").setDatatype("BOOL").addShape(1);
        ModelInferRequest.InferInputTensor excludeTrue = exclude.clone()
                .setContents(dev.quire.proto.inference.InferTensorContents.newBuilder().addBoolContents(true)).build();
        assertEquals("hi", parser.parse(request("hi").addInputs(excludeTrue).build(), CONVERTER).prompt(), "what Quire does anyway");
        ModelInferRequest.InferInputTensor excludeFalse = exclude.clone()
                .setContents(dev.quire.proto.inference.InferTensorContents.newBuilder().addBoolContents(false)).build();
        assertTrue(rejection(request("hi").addInputs(excludeFalse)).contains("never repeats the prompt"));
        String twice = rejection(request("hi").addInputs(TextTensors.textInput(TextTensors.TEXT_INPUT, "again")));
        assertTrue(twice.contains("given 2 times"), twice);
    }

    @Test
    void anOutputTheModelDoesNotHaveIsRefusedNotLeftOut() {
        String refused = rejection(request("hi").addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("logits")));
        assertTrue(refused.contains("no output 'logits'; its output is 'text_output'"), refused);
        assertEquals("hi", parser.parse(request("hi").addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder()
                .setName(TextTensors.TEXT_OUTPUT)).build(), CONVERTER).prompt());
    }

    @Test
    void jsonSchemaBecomesAGrammar() {
        GenerationOptions options = options(request("hi").putParameters(InferenceParameters.JSON_SCHEMA,
                TextTensors.stringParam("{\"type\":\"object\",\"properties\":{\"ok\":{\"type\":\"boolean\"}}}")));
        assertTrue(options.grammar().orElseThrow().contains("root ::="), options.grammar().toString());
    }
}
