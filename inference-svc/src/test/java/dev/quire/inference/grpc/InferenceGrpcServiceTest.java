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
import dev.quire.inference.Await;
import dev.quire.inference.repository.QueuePolicy;
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
        Await.within(Await.MODEL_LOAD, () -> blocking.serverReady(ServerReadyRequest.getDefaultInstance()).getReady(), "the server is ready");
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
        assertTrue(e.getStatus().getDescription().contains("gpt-9") && e.getStatus().getDescription().contains("[llm, embedder]"), e.getStatus().getDescription());

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
    void wrongShapeIsInvalidArgumentNamingTheExpectedOne() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> blocking.modelInfer(
                ModelInferRequest.newBuilder().setModelName("llm")
                        .addInputs(TextTensors.textInput(TextTensors.TEXT_INPUT, "hi").toBuilder().clearShape().addShape(2))
                        .build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("'text_input' has shape [2]; expected [1]"), e.getStatus().getDescription());
    }

    /** A request as large as an HTTP body may be reaches the service; one past that limit does not. */
    @Test
    void aRequestMayHaveAsManyBytesAsAnHttpBody() {
        ModelInferRequest eightMiB = ModelInferRequest.newBuilder().setModelName("gpt-9")
                .addInputs(TextTensors.textInput(TextTensors.TEXT_INPUT, "x".repeat(8 << 20))).build();
        StatusRuntimeException accepted = assertThrows(StatusRuntimeException.class, () -> blocking.modelInfer(eightMiB));
        assertEquals(Status.Code.NOT_FOUND, accepted.getStatus().getCode(), "read, then refused for its model: " + accepted.getStatus());
        ModelInferRequest elevenMiB = eightMiB.toBuilder().setInputs(0, TextTensors.textInput(TextTensors.TEXT_INPUT, "x".repeat(11 << 20))).build();
        StatusRuntimeException tooLarge = assertThrows(StatusRuntimeException.class, () -> blocking.modelInfer(elevenMiB));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, tooLarge.getStatus().getCode(), tooLarge.getStatus().toString());
        assertTrue(tooLarge.getStatus().getDescription().contains("10485760"), tooLarge.getStatus().getDescription());
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

        // a misspelt name would be ignored and the default used without a word: refused, naming the likely one
        StatusRuntimeException misspelt = assertThrows(StatusRuntimeException.class, () -> blocking.modelInfer(request("hi")
                .putParameters("max_tokenz", TextTensors.intParam(4)).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, misspelt.getStatus().getCode());
        assertTrue(misspelt.getStatus().getDescription().contains("did you mean 'max_tokens'?"), misspelt.getStatus().getDescription());
        // a name far from every known one is another client's (Triton passes them on): it does not stop the request
        assertEquals(1, blocking.modelInfer(request("hi").putParameters(InferenceParameters.MAX_TOKENS, TextTensors.intParam(2))
                .putParameters("sequence_id", TextTensors.intParam(7)).build()).getOutputsCount());

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

    @Test
    void metricsMoveWithRequests() throws Exception {
        long before = successCount();
        blocking.modelInfer(request("count me").putParameters(InferenceParameters.MAX_TOKENS, TextTensors.intParam(4)).build());
        String text = metrics();
        assertTrue(successCount() > before, text);
        for (String name : List.of("nv_inference_request_failure{model=\"llm\",version=\"1\",reason=\"REJECTED\"}",
                "nv_inference_count{model=\"llm\"", "nv_inference_exec_count{model=\"llm\"", "nv_inference_pending_request_count{model=\"llm\"",
                "nv_inference_queue_duration_us{model=\"llm\"", "nv_inference_compute_infer_duration_us{model=\"llm\"",
                "quire_time_to_first_token_seconds_bucket", "quire_inter_token_latency_seconds_count", "quire_prompt_tokens_sum",
                "quire_generated_tokens_bucket")) {
            assertTrue(text.contains(name), name + " missing in\n" + text);
        }
        Matcher computed = Pattern.compile("nv_inference_compute_infer_duration_us\\{model=\"llm\",version=\"1\"} (\\d+)").matcher(text);
        assertTrue(computed.find() && Long.parseLong(computed.group(1)) > 0, text);

        // A request refused before it is queued counts too (Triton counts neither): bad input as OTHER, over gRPC and HTTP.
        long other = failureCount("OTHER");
        assertThrows(StatusRuntimeException.class, () -> blocking.modelInfer(request("hi")
                .putParameters(InferenceParameters.MAX_TOKENS, TextTensors.intParam(-1)).build()));
        given().contentType("application/json").body("{\"text_input\":\"\"}").post("/v2/models/llm/generate").then().statusCode(400);
        assertEquals(other + 2, failureCount("OTHER"));
    }

    private long failureCount(String reason) throws Exception {
        Matcher m = Pattern.compile("nv_inference_request_failure\\{model=\"llm\",version=\"1\",reason=\"" + reason + "\"} (\\d+)").matcher(metrics());
        assertTrue(m.find(), reason);
        return Long.parseLong(m.group(1));
    }

    @Test
    void schedulingParametersAreChecked() {
        StatusRuntimeException priority = assertThrows(StatusRuntimeException.class, () -> blocking.modelInfer(request("hi")
                .putParameters(InferenceParameters.PRIORITY, TextTensors.intParam(9)).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, priority.getStatus().getCode());
        assertTrue(priority.getStatus().getDescription().contains("priority levels 1..3"), priority.getStatus().getDescription());

        StatusRuntimeException timeout = assertThrows(StatusRuntimeException.class, () -> blocking.modelInfer(request("hi")
                .putParameters(InferenceParameters.TIMEOUT_MICROSECONDS, TextTensors.intParam(Long.MAX_VALUE / 10)).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, timeout.getStatus().getCode(), "a timeout that would overflow is refused, not an internal error");
        assertTrue(timeout.getStatus().getDescription().contains("microseconds 0.." + QueuePolicy.MAX_DURATION_MICROSECONDS),
                timeout.getStatus().getDescription());

        // a valid priority, tenant and generous timeout are accepted
        ModelInferResponse ok = blocking.modelInfer(request("hi")
                .putParameters(InferenceParameters.MAX_TOKENS, TextTensors.intParam(2))
                .putParameters(InferenceParameters.PRIORITY, TextTensors.intParam(1))
                .putParameters(InferenceParameters.TIMEOUT_MICROSECONDS, TextTensors.intParam(60_000_000))
                .putParameters("tenant", TextTensors.stringParam("team-a"))
                .build());
        assertTrue(TextTensors.readOutput(ok, TextTensors.TEXT_OUTPUT).isPresent());
    }

    @GrpcClient("inference")
    io.grpc.Channel channel;

    /** Calls the rpcs the way a stub generated from Triton's grpc_service.proto does (same method names and messages). */
    @Test
    void tritonModelConfigStatisticsAndRepositoryIndex() {
        blocking.modelInfer(request("stats please").putParameters(InferenceParameters.MAX_TOKENS, TextTensors.intParam(3)).build());

        var config = io.grpc.stub.ClientCalls.blockingUnaryCall(channel, TritonAdminMethods.MODEL_CONFIG, io.grpc.CallOptions.DEFAULT,
                dev.quire.inference.proto.ModelConfigRequest.newBuilder().setName("llm").build()).getConfig();
        assertEquals("llm", config.getName());
        assertEquals("llama.cpp", config.getBackend());
        assertEquals(0, config.getMaxBatchSize(), "generation requests are not batched by the server, slots interleave them");
        assertEquals(3, config.getDynamicBatching().getPriorityLevels());
        assertEquals(2, config.getDynamicBatching().getDefaultPriorityLevel());
        assertEquals(256, config.getDynamicBatching().getDefaultQueuePolicy().getMaxQueueSize());
        assertEquals(2, config.getInstanceGroup(0).getCount(), "quire.model.parallel slots");
        assertEquals("text_input", config.getInput(0).getName());
        assertTrue(config.getModelTransactionPolicy().getDecoupled());

        var stats = io.grpc.stub.ClientCalls.blockingUnaryCall(channel, TritonAdminMethods.MODEL_STATISTICS, io.grpc.CallOptions.DEFAULT,
                dev.quire.inference.proto.ModelStatisticsRequest.newBuilder().setName("llm").build()).getModelStats(0);
        assertEquals("llm", stats.getName());
        assertTrue(stats.getInferenceCount() >= 1 && stats.getExecutionCount() >= 1, stats.toString());
        assertTrue(stats.getInferenceStats().getSuccess().getCount() >= 1, stats.toString());
        assertTrue(stats.getInferenceStats().getComputeInfer().getNs() > 0, stats.toString());
        assertEquals(1, stats.getBatchStats(0).getBatchSize());

        var index = io.grpc.stub.ClientCalls.blockingUnaryCall(channel, TritonAdminMethods.REPOSITORY_INDEX, io.grpc.CallOptions.DEFAULT,
                dev.quire.inference.proto.RepositoryIndexRequest.getDefaultInstance());
        assertEquals("llm", index.getModels(0).getName());
        assertEquals("READY", index.getModels(0).getState());

        StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class, () -> io.grpc.stub.ClientCalls.blockingUnaryCall(channel,
                TritonAdminMethods.MODEL_CONFIG, io.grpc.CallOptions.DEFAULT, dev.quire.inference.proto.ModelConfigRequest.newBuilder().setName("gpt-9").build()));
        assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());
        assertTrue(unknown.getStatus().getDescription().contains("[llm, embedder]"), unknown.getStatus().getDescription());
    }

    @Test
    void httpUnknownEndpointsAndMethodsAnswerWithTritonsErrorBody() {
        given().get("/v2/foo").then().statusCode(404).contentType("application/json")
                .body("error", org.hamcrest.Matchers.startsWith("no endpoint GET /v2/foo; the KServe v2 endpoints are"));
        given().post("/v2/models/llm/predict").then().statusCode(404)
                .body("error", org.hamcrest.Matchers.containsString("/v2/models/{model}[/versions/{v}]/infer|generate|generate_stream"));
        given().get("/v2/models/llm/infer").then().statusCode(405).header("Allow", "POST")
                .body("error", org.hamcrest.Matchers.equalTo("GET /v2/models/llm/infer is not allowed; /v2/models/llm/infer takes POST"));
        given().post("/v2/models/llm/versions/1/config").then().statusCode(405).header("Allow", "GET")
                .body("error", org.hamcrest.Matchers.equalTo("POST /v2/models/llm/versions/1/config is not allowed; /v2/models/llm/versions/1/config takes GET"));
        // Known endpoints are untouched by the fallback.
        given().get("/v2/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void httpRestSurface() {
        given().get("/v2").then().statusCode(200).body("name", org.hamcrest.Matchers.equalTo("quire"));
        given().get("/v2/models/llm").then().statusCode(200).body("platform", org.hamcrest.Matchers.equalTo("llama.cpp"))
                .body("inputs[0].name", org.hamcrest.Matchers.equalTo("text_input"));
        given().get("/v2/models/llm/ready").then().statusCode(200);
        given().get("/v2/models/gpt-9/ready").then().statusCode(404).body("error", org.hamcrest.Matchers.containsString("[llm, embedder]"));
        given().get("/v2/models/gpt-9").then().statusCode(404);
        given().get("/v2/models/llm/config").then().statusCode(200).body("name", org.hamcrest.Matchers.equalTo("llm"))
                .body("dynamic_batching.priority_levels", org.hamcrest.Matchers.equalTo("3"));
        given().get("/v2/models/llm/stats").then().statusCode(200).body("model_stats[0].name", org.hamcrest.Matchers.equalTo("llm"));
        // Triton's HTTP repository index: its clients POST an empty body; {"ready": true} keeps the ready models.
        assertEquals("[{\"name\":\"llm\",\"version\":\"1\",\"state\":\"READY\",\"reason\":\"\"},"
                        + "{\"name\":\"embedder\",\"version\":\"1\",\"state\":\"READY\",\"reason\":\"\"}]",
                given().post("/v2/repository/index").then().statusCode(200).extract().asString(), "Triton's fields, in its order");
        given().contentType("application/json").body("{\"ready\":true}").post("/v2/repository/index").then().statusCode(200)
                .body("state", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.equalTo("READY")));
        given().contentType("application/json").body("{\"ready\":\"yes\"}").post("/v2/repository/index").then().statusCode(400)
                .body("error", org.hamcrest.Matchers.equalTo("'ready' must be true or false, got \"yes\""));

        String inferBody = "{\"id\":\"r1\",\"parameters\":{\"max_tokens\":4},\"inputs\":[{\"name\":\"text_input\",\"datatype\":\"BYTES\",\"shape\":[1],\"data\":[\"fix the bug in\"]}]}";
        String inferred = given().contentType("application/json").body(inferBody).post("/v2/models/llm/infer").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.equalTo("r1"))
                .body("outputs[0].name", org.hamcrest.Matchers.equalTo("text_output"))
                .body("parameters.quire_warning", org.hamcrest.Matchers.containsString("randomly initialised"))
                .extract().path("outputs[0].data[0]");
        String grpcAnswer = TextTensors.readOutput(blocking.modelInfer(request("fix the bug in")
                .putParameters(InferenceParameters.MAX_TOKENS, TextTensors.intParam(4)).build()), TextTensors.TEXT_OUTPUT).orElseThrow();
        assertEquals(grpcAnswer, inferred, "HTTP and gRPC give the same greedy answer");

        given().contentType("application/json").body("{\"text_input\":\"fix the bug in\",\"parameters\":{\"max_tokens\":4}}")
                .post("/v2/models/llm/generate").then().statusCode(200).body("text_output", org.hamcrest.Matchers.equalTo(grpcAnswer));

        String events = given().contentType("application/json").body("{\"text_input\":\"fix the bug in\",\"max_tokens\":4}")
                .post("/v2/models/llm/generate_stream").then().statusCode(200).extract().asString();
        StringBuilder streamed = new StringBuilder();
        Matcher piece = Pattern.compile("\"text_output\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(events);
        int count = 0;
        while (piece.find()) {
            streamed.append(piece.group(1));
            count++;
        }
        assertTrue(count >= 2, events);
        assertTrue(events.contains("data:"), events);

        given().contentType("application/json").body("{\"inputs\":[{\"name\":\"text_input\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1.0]}]}")
                .post("/v2/models/llm/infer").then().statusCode(400).body("error", org.hamcrest.Matchers.containsString("BYTES"));
        given().contentType("application/json").body("{\"text_input\":\"hi\",\"priority\":7}")
                .post("/v2/models/llm/generate").then().statusCode(400).body("error", org.hamcrest.Matchers.containsString("1..3"));
        given().contentType("application/json").body("{\"text_input\":5}")
                .post("/v2/models/llm/generate").then().statusCode(400)
                .body("error", org.hamcrest.Matchers.containsString("'text_input' must be a string, got number 5"));
        given().contentType("application/json").body("{\"text_input\":\"hi\",\"parameters\":{\"temprature\":0.5}}")
                .post("/v2/models/llm/generate").then().statusCode(400)
                .body("error", org.hamcrest.Matchers.containsString("parameter 'temprature' is not one Quire knows; did you mean 'temperature'?"));
        for (String body : List.of("{\"text_input\":\"hi\",", "{\"text_input\":\"hi\"")) {
            String broken = given().contentType("application/json").body(body)
                    .post("/v2/models/llm/generate").then().statusCode(400).extract().path("error");
            assertTrue(broken.startsWith("the body is not valid JSON: ") && broken.contains("(at line 1, column ") && !broken.contains("Source"), broken);
        }
    }

    /** Triton's generate extension: a top-level key that is not the model's input is a parameter, a string one too. */
    @Test
    void httpGenerateReadsTopLevelStringsAsParameters() {
        String plain = given().contentType("application/json").body("{\"text_input\":\"hi\",\"max_tokens\":12}")
                .post("/v2/models/llm/generate").then().statusCode(200).extract().path("text_output");
        // The random model's greedy answer, cut before the first occurrence of its second word.
        String[] words = plain.strip().split(" ");
        assertTrue(words.length >= 2, plain);
        String stop = words[1];
        int cut = plain.indexOf(stop);
        for (String body : List.of("{\"text_input\":\"hi\",\"max_tokens\":12,\"stop\":\"" + stop + "\"}",
                "{\"text_input\":\"hi\",\"parameters\":{\"max_tokens\":12,\"stop\":\"" + stop + "\"}}")) {
            assertEquals(plain.substring(0, cut), given().contentType("application/json").body(body)
                    .post("/v2/models/llm/generate").then().statusCode(200).extract().path("text_output"), body);
        }
        // A string parameter is checked like any other, not dropped as an unknown input.
        given().contentType("application/json").body("{\"text_input\":\"hi\",\"priority\":\"high\"}")
                .post("/v2/models/llm/generate").then().statusCode(400).body("error", org.hamcrest.Matchers.containsString("priority"));
        given().contentType("application/json").body("{\"text_input\":\"hi\",\"grammar\":\"root ::= (\"}")
                .post("/v2/models/llm/generate").then().statusCode(400).body("error", org.hamcrest.Matchers.containsString("not valid GBNF"));
    }

    /** The error tells a caller what is wrong first: a model that is not here, whatever the body; then the model's own inputs. */
    @Test
    void httpNamesAnUnknownModelBeforeLookingAtTheBody() {
        for (String endpoint : List.of("infer", "generate", "generate_stream")) {
            for (String body : List.of("{\"inputs\":[]}", "{\"inputs\":[", "")) {
                given().contentType("application/json").body(body).post("/v2/models/gpt-9/" + endpoint).then().statusCode(404)
                        .body("error", org.hamcrest.Matchers.equalTo("model 'gpt-9' is not served here; loaded models: [llm, embedder]"));
            }
        }
        // An empty inputs array reaches the model, which names the input it expects; not another model's.
        given().contentType("application/json").body("{\"inputs\":[]}").post("/v2/models/embedder/infer").then().statusCode(400)
                .body("error", org.hamcrest.Matchers.allOf(org.hamcrest.Matchers.containsString("input 'text'"),
                        org.hamcrest.Matchers.containsString("got inputs []")));
        given().contentType("application/json").body("{\"inputs\":[]}").post("/v2/models/llm/infer").then().statusCode(400)
                .body("error", org.hamcrest.Matchers.containsString("no input 'text_input'"));
        given().contentType("application/json").body("{\"outputs\":[]}").post("/v2/models/embedder/infer").then().statusCode(400)
                .body("error", org.hamcrest.Matchers.allOf(org.hamcrest.Matchers.containsString("no 'inputs' array"),
                        org.hamcrest.Matchers.containsString("GET /v2/models/embedder"), org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("text_input"))));
    }

    /** KServe v2's /versions/{v} segment, which Triton's clients add whenever a model version is set. */
    @Test
    void httpPathsWithAModelVersion() {
        given().get("/v2/models/llm/versions/1").then().statusCode(200).body("versions[0]", org.hamcrest.Matchers.equalTo("1"));
        given().get("/v2/models/llm/versions/1/ready").then().statusCode(200);
        given().get("/v2/models/llm/versions/1/config").then().statusCode(200).body("name", org.hamcrest.Matchers.equalTo("llm"));
        given().get("/v2/models/llm/versions/1/stats").then().statusCode(200).body("model_stats[0].name", org.hamcrest.Matchers.equalTo("llm"));
        given().contentType("application/json").body("{\"text_input\":\"fix the bug in\",\"parameters\":{\"max_tokens\":2}}")
                .post("/v2/models/llm/versions/1/generate").then().statusCode(200).body("model_name", org.hamcrest.Matchers.equalTo("llm"));
        given().contentType("application/json")
                .body("{\"parameters\":{\"max_tokens\":2},\"inputs\":[{\"name\":\"text_input\",\"datatype\":\"BYTES\",\"shape\":[1],\"data\":[\"hi\"]}]}")
                .post("/v2/models/llm/versions/1/infer").then().statusCode(200).body("model_version", org.hamcrest.Matchers.equalTo("1"));

        for (String path : List.of("/v2/models/llm/versions/2", "/v2/models/llm/versions/2/ready", "/v2/models/llm/versions/2/config",
                "/v2/models/llm/versions/2/stats")) {
            given().get(path).then().statusCode(404).body("error", org.hamcrest.Matchers.containsString("available versions: [1]"));
        }
        given().get("/v2/models/gpt-9/versions/1/ready").then().statusCode(404)
                .body("error", org.hamcrest.Matchers.containsString("[llm, embedder]"));
        given().contentType("application/json").body("{\"text_input\":\"hi\"}")
                .post("/v2/models/llm/versions/2/generate").then().statusCode(404).body("error", org.hamcrest.Matchers.containsString("no version '2'"));
        // Refused before it streams: the same status and JSON error as /generate, not a 200 with an error event.
        given().contentType("application/json").body("{\"text_input\":\"hi\"}")
                .post("/v2/models/llm/versions/2/generate_stream").then().statusCode(404).contentType("application/json")
                .body("error", org.hamcrest.Matchers.containsString("no version '2'"));
        given().contentType("application/json").body("{\"text_input\":\"hi\"}")
                .post("/v2/models/nope/generate_stream").then().statusCode(404).body("error", org.hamcrest.Matchers.containsString("[llm, embedder]"));
        given().contentType("application/json").body("{\"text_input\":\"hi\",\"max_tokens\":-1}")
                .post("/v2/models/llm/generate_stream").then().statusCode(400).body("error", org.hamcrest.Matchers.containsString("max_tokens"));
    }

    @jakarta.inject.Inject
    dev.quire.inference.metrics.MetricsServer metricsServer;

    @Test
    void theMetricsPortAnswersOtherPathsAndMethodsInPlainWords() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String base = "http://localhost:" + metricsServer.port();
        java.net.http.HttpResponse<String> other = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/metricsx")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(404, other.statusCode());
        assertTrue(other.body().contains("GET /metrics only"), other.body());
        java.net.http.HttpResponse<String> post = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/metrics"))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElse(""));
        assertTrue(metrics().contains("nv_inference_request_success"));
    }

    private String metrics() throws Exception {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + metricsServer.port() + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return response.body();
    }

    private long successCount() throws Exception {
        Matcher m = Pattern.compile("nv_inference_request_success\\{model=\"llm\",version=\"1\"} (\\d+)").matcher(metrics());
        assertTrue(m.find());
        return Long.parseLong(m.group(1));
    }

    private static ModelInferRequest.Builder request(String prompt) {
        return ModelInferRequest.newBuilder().setModelName("llm").addInputs(TextTensors.textInput(TextTensors.TEXT_INPUT, prompt));
    }

    private static boolean finalFlag(ModelStreamInferResponse response) {
        return response.getInferResponse().getParametersOrThrow(InferenceParameters.FINAL_RESPONSE).getBoolParam();
    }
}
