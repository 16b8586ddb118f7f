package dev.quire.inference.grpc;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.quire.common.inference.InferenceParameters;
import dev.quire.common.inference.TextTensors;
import dev.quire.proto.inference.GRPCInferenceServiceGrpc;
import dev.quire.proto.inference.InferParameter;
import dev.quire.proto.inference.ModelInferRequest;
import dev.quire.proto.inference.ModelInferResponse;
import dev.quire.proto.inference.ModelMetadataRequest;
import dev.quire.proto.inference.ModelMetadataResponse;
import dev.quire.proto.inference.ModelReadyRequest;
import dev.quire.proto.inference.ModelStreamInferResponse;
import dev.quire.proto.inference.MutinyGRPCInferenceServiceGrpc;
import dev.quire.proto.inference.ServerLiveRequest;
import dev.quire.proto.inference.ServerMetadataRequest;
import dev.quire.proto.inference.ServerReadyRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Multi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The KServe v2 gRPC service over a real gRPC connection, serving the random test model through llama.cpp. */
@QuarkusTest
@TestProfile(RandomModelProfile.class)
class InferenceGrpcServiceTest {

    @GrpcClient("inference")
    GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub blocking;

    @GrpcClient("inference")
    MutinyGRPCInferenceServiceGrpc.MutinyGRPCInferenceServiceStub mutiny;

    @BeforeEach
    void waitUntilTheModelIsLoaded() throws InterruptedException {
        // The model loads in the background after startup; readiness must turn true on its own.
        for (int i = 0; i < 600 && !blocking.serverReady(ServerReadyRequest.getDefaultInstance()).getReady(); i++) {
            Thread.sleep(100);
        }
    }

    @Test
    void serverAndModelAreLiveAndReady() {
        assertTrue(blocking.serverLive(ServerLiveRequest.getDefaultInstance()).getLive());
        assertTrue(blocking.serverReady(ServerReadyRequest.getDefaultInstance()).getReady());
        assertTrue(blocking.modelReady(ModelReadyRequest.newBuilder().setName("llm").build()).getReady());
        assertFalse(blocking.modelReady(ModelReadyRequest.newBuilder().setName("gpt-9").build()).getReady());
        given().get("/v2/health/ready").then().statusCode(200);
        given().get("/v2/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void metadataDescribesServerAndModel() {
        var server = blocking.serverMetadata(ServerMetadataRequest.getDefaultInstance());
        assertEquals("quire", server.getName());
        assertFalse(server.getVersion().isEmpty());
        assertTrue(server.getExtensionsList().contains("parameters"));

        ModelMetadataResponse model = blocking.modelMetadata(ModelMetadataRequest.newBuilder().setName("llm").build());
        assertEquals("llm", model.getName());
        assertEquals(TextTensors.TEXT_INPUT, model.getInputs(0).getName());
        assertEquals("BYTES", model.getInputs(0).getDatatype());
        assertEquals(List.of(1L), model.getInputs(0).getShapeList());
        assertEquals(TextTensors.TEXT_OUTPUT, model.getOutputs(0).getName());
        assertEquals("BYTES", model.getOutputs(0).getDatatype());
    }

    @Test
    void modelInferGeneratesTextAndWarnsAboutTheRandomModel() {
        ModelInferResponse response = blocking.modelInfer(request("SELECT name FROM users WHERE")
                .putParameters(InferenceParameters.MAX_TOKENS, TextTensors.intParam(8))
                .putParameters(InferenceParameters.TEMPERATURE, TextTensors.doubleParam(0.0))
                .setId("req-1")
                .build());
        assertEquals("llm", response.getModelName());
        assertEquals("req-1", response.getId());
        String text = TextTensors.readOutput(response, TextTensors.TEXT_OUTPUT).orElseThrow();
        assertFalse(text.isEmpty(), "the random model still generates tokens");
        String warning = response.getParametersOrThrow(InferenceParameters.WARNING).getStringParam();
        assertTrue(warning.contains("randomly initialised") && warning.contains("quire.model.path"), warning);
    }

    @Test
    void greedyAnswersAreRepeatableAndRawInputGetsRawOutput() {
        ModelInferRequest typed = request("fix the bug in").putParameters(InferenceParameters.MAX_TOKENS, TextTensors.intParam(6)).build();
        String first = TextTensors.readOutput(blocking.modelInfer(typed), TextTensors.TEXT_OUTPUT).orElseThrow();

        // Triton clients send BYTES in raw_input_contents (4-byte little-endian length + bytes).
        ModelInferRequest raw = ModelInferRequest.newBuilder()
                .setModelName("llm")
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName(TextTensors.TEXT_INPUT).setDatatype("BYTES").addShape(1))
                .addRawInputContents(TextTensors.encodeRaw(List.of("fix the bug in")))
                .putParameters(InferenceParameters.MAX_TOKENS, TextTensors.intParam(6))
                .putParameters(InferenceParameters.TEMPERATURE, TextTensors.stringParam("0"))
                .build();
        ModelInferResponse rawResponse = blocking.modelInfer(raw);
        assertEquals(1, rawResponse.getRawOutputContentsCount(), "raw input is answered in raw form");
        assertEquals(first, TextTensors.readOutput(rawResponse, TextTensors.TEXT_OUTPUT).orElseThrow());
    }

    @Test
    void streamInferSendsOnePiecePerTokenThenAFinalResponse() {
        List<ModelStreamInferResponse> responses = mutiny.modelStreamInfer(Multi.createFrom().item(
                        request("add a test for").putParameters(InferenceParameters.MAX_TOKENS, TextTensors.intParam(6)).build()))
                .collect().asList().await().atMost(Duration.ofMinutes(2));
        assertTrue(responses.size() >= 3, "expected several chunks and a final response, got " + responses.size());
        for (ModelStreamInferResponse r : responses) {
            assertTrue(r.getErrorMessage().isEmpty(), r.getErrorMessage());
            assertTrue(r.getInferResponse().containsParameters(InferenceParameters.WARNING));
            assertTrue(TextTensors.readOutput(r.getInferResponse(), TextTensors.TEXT_OUTPUT).isPresent());
        }
        for (ModelStreamInferResponse r : responses.subList(0, responses.size() - 1)) {
            assertFalse(finalFlag(r), "only the last response is final");
            assertFalse(TextTensors.readOutput(r.getInferResponse(), TextTensors.TEXT_OUTPUT).orElseThrow().isEmpty());
        }
        assertTrue(finalFlag(responses.get(responses.size() - 1)));

        String streamed = responses.stream()
                .map(r -> TextTensors.readOutput(r.getInferResponse(), TextTensors.TEXT_OUTPUT).orElseThrow())
                .reduce("", String::concat);
        String whole = TextTensors.readOutput(blocking.modelInfer(
                request("add a test for").putParameters(InferenceParameters.MAX_TOKENS, TextTensors.intParam(6)).build()), TextTensors.TEXT_OUTPUT).orElseThrow();
        assertEquals(whole, streamed, "greedy stream and greedy whole answer agree");
    }

    @Test
    void streamReportsABadRequestInTheStream() {
        List<ModelStreamInferResponse> responses = mutiny.modelStreamInfer(Multi.createFrom().item(
                        ModelInferRequest.newBuilder().setModelName("nope").addInputs(TextTensors.textInput(TextTensors.TEXT_INPUT, "hi")).build()))
                .collect().asList().await().atMost(Duration.ofMinutes(1));
        assertEquals(1, responses.size());
        assertTrue(responses.get(0).getErrorMessage().startsWith("NOT_FOUND"), responses.get(0).getErrorMessage());
    }

    @Test
    void unknownModelIsNotFoundAndNamesTheLoadedModels() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> blocking.modelInfer(
                ModelInferRequest.newBuilder().setModelName("gpt-9").addInputs(TextTensors.textInput(TextTensors.TEXT_INPUT, "hi")).build()));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("gpt-9") && e.getStatus().getDescription().contains("[llm]"), e.getStatus().getDescription());

        StatusRuntimeException metadata = assertThrows(StatusRuntimeException.class,
                () -> blocking.modelMetadata(ModelMetadataRequest.newBuilder().setName("gpt-9").build()));
        assertEquals(Status.Code.NOT_FOUND, metadata.getStatus().getCode());
    }

    @Test
    void missingTextInputIsInvalidArgument() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> blocking.modelInfer(
                ModelInferRequest.newBuilder().setModelName("llm").addInputs(TextTensors.textInput("prompt", "hi")).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("text_input") && e.getStatus().getDescription().contains("[prompt]"), e.getStatus().getDescription());
    }

    @Test
    void wrongDatatypeIsInvalidArgument() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> blocking.modelInfer(
                ModelInferRequest.newBuilder().setModelName("llm")
                        .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName(TextTensors.TEXT_INPUT).setDatatype("FP32").addShape(1))
                        .build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("BYTES") && e.getStatus().getDescription().contains("FP32"), e.getStatus().getDescription());
    }

    @Test
    void badParametersAreInvalidArgumentNamingTheParameter() {
        StatusRuntimeException type = assertThrows(StatusRuntimeException.class, () -> blocking.modelInfer(request("hi")
                .putParameters(InferenceParameters.MAX_TOKENS, InferParameter.newBuilder().setStringParam("lots").build()).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, type.getStatus().getCode());
        assertTrue(type.getStatus().getDescription().contains("max_tokens"), type.getStatus().getDescription());

        StatusRuntimeException cap = assertThrows(StatusRuntimeException.class, () -> blocking.modelInfer(request("hi")
                .putParameters(InferenceParameters.MAX_TOKENS, TextTensors.intParam(1_000_000)).build()));
        assertTrue(cap.getStatus().getDescription().contains("between 1 and 2048"), cap.getStatus().getDescription());

        StatusRuntimeException temperature = assertThrows(StatusRuntimeException.class, () -> blocking.modelInfer(request("hi")
                .putParameters(InferenceParameters.TEMPERATURE, InferParameter.newBuilder().setBoolParam(true).build()).build()));
        assertTrue(temperature.getStatus().getDescription().contains("temperature"), temperature.getStatus().getDescription());

        StatusRuntimeException schema = assertThrows(StatusRuntimeException.class, () -> blocking.modelInfer(request("hi")
                .putParameters(InferenceParameters.JSON_SCHEMA, TextTensors.stringParam("{not json")).build()));
        assertTrue(schema.getStatus().getDescription().contains("json_schema"), schema.getStatus().getDescription());

        // valid JSON that llama.cpp's converter does not recognise would abort the JVM: refused instead
        StatusRuntimeException unknownType = assertThrows(StatusRuntimeException.class, () -> blocking.modelInfer(request("hi")
                .putParameters(InferenceParameters.JSON_SCHEMA, TextTensors.stringParam("{\"type\":\"foo\"}")).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, unknownType.getStatus().getCode());

        // a grammar llama.cpp cannot parse would be ignored silently: refused instead
        StatusRuntimeException grammar = assertThrows(StatusRuntimeException.class, () -> blocking.modelInfer(request("hi")
                .putParameters(InferenceParameters.GRAMMAR, TextTensors.stringParam("root ::= \"a\" missing")).build()));
        assertTrue(grammar.getStatus().getDescription().contains("'missing'"), grammar.getStatus().getDescription());

        // the server is still healthy afterwards
        assertTrue(blocking.serverReady(ServerReadyRequest.getDefaultInstance()).getReady());
    }

    @Test
    void overLongPromptIsInvalidArgumentWithBothTokenCounts() {
        String prompt = "SELECT the ".repeat(2500);
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> blocking.modelInfer(request(prompt).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        Matcher m = Pattern.compile("the prompt has (\\d+) tokens but the model's context holds 4096 tokens").matcher(e.getStatus().getDescription());
        assertTrue(m.find(), e.getStatus().getDescription());
        assertTrue(Integer.parseInt(m.group(1)) > 4096, e.getStatus().getDescription());
    }

    @Test
    void grammarConstrainsTheAnswer() {
        ModelInferResponse response = blocking.modelInfer(request("answer:")
                .putParameters(InferenceParameters.MAX_TOKENS, TextTensors.intParam(8))
                .putParameters(InferenceParameters.GRAMMAR, TextTensors.stringParam("root ::= (\"yes\" | \"no\")"))
                .build());
        String text = TextTensors.readOutput(response, TextTensors.TEXT_OUTPUT).orElseThrow();
        assertTrue(text.equals("yes") || text.equals("no"), "grammar allows only yes or no, got [" + text + "]");
    }

    @Test
    void jsonSchemaConstrainsTheAnswerToJson() {
        String schema = "{\"type\":\"object\",\"properties\":{\"ok\":{\"type\":\"boolean\"}},\"required\":[\"ok\"]}";
        ModelInferResponse response = blocking.modelInfer(request("json:")
                .putParameters(InferenceParameters.MAX_TOKENS, TextTensors.intParam(32))
                .putParameters(InferenceParameters.JSON_SCHEMA, TextTensors.stringParam(schema))
                .build());
        String text = TextTensors.readOutput(response, TextTensors.TEXT_OUTPUT).orElseThrow();
        assertTrue(text.replace(" ", "").matches("\\{\"ok\":(true|false)}"), "expected {\"ok\": bool}, got [" + text + "]");
    }

    private static ModelInferRequest.Builder request(String prompt) {
        return ModelInferRequest.newBuilder().setModelName("llm").addInputs(TextTensors.textInput(TextTensors.TEXT_INPUT, prompt));
    }

    private static boolean finalFlag(ModelStreamInferResponse response) {
        return response.getInferResponse().getParametersOrThrow(InferResponses.FINAL_RESPONSE).getBoolParam();
    }
}
