package dev.quire.inference.engine.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.common.QuireException;
import dev.quire.common.inference.TextTensors;
import dev.quire.inference.engine.GenerationOptions;
import dev.quire.inference.engine.GenerationResult;
import dev.quire.inference.engine.TokenSink;
import dev.quire.proto.events.Failure;
import dev.quire.proto.inference.ModelInferRequest;
import io.grpc.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RemoteTritonEngineTest {

    private static final GenerationOptions OPTIONS = new GenerationOptions(17, 0.5, Optional.of(42L), List.of("\n\n", "END"), Optional.empty());

    private static GenerationOptions withGrammar(String grammar) {
        return new GenerationOptions(OPTIONS.maxTokens(), OPTIONS.temperature(), OPTIONS.seed(), OPTIONS.stop(), Optional.of(grammar));
    }

    private FakeTritonServer server;
    private final List<RemoteTritonEngine> engines = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new FakeTritonServer();
    }

    @AfterEach
    void stop() throws Exception {
        engines.forEach(RemoteTritonEngine::close);
        server.close();
    }

    private RemoteTritonEngine engine(TritonDialect dialect, boolean stream) {
        RemoteTritonEngine engine = RemoteTritonEngine.connect(new TritonSettings(server.target(), "vllm_model", dialect, 4096, Duration.ofSeconds(30), stream));
        engines.add(engine);
        return engine;
    }

    /** Collects pieces; cancels after {@code cancelAfter} pieces. */
    private static final class Collecting implements TokenSink {
        final List<String> pieces = new ArrayList<>();
        final int cancelAfter;

        Collecting(int cancelAfter) {
            this.cancelAfter = cancelAfter;
        }

        @Override
        public void accept(String piece) {
            pieces.add(piece);
        }

        @Override
        public boolean cancelled() {
            return pieces.size() >= cancelAfter;
        }
    }

    @Test
    void quireDialectForwardsTextAndParametersAndReturnsTextOutput() {
        Collecting sink = new Collecting(Integer.MAX_VALUE);
        GenerationResult result = engine(TritonDialect.QUIRE, false).generate("SELECT 1", withGrammar("root ::= \"x\""), sink);
        assertEquals("echo:SELECT 1", result.text());
        assertEquals(List.of("echo:SELECT 1"), sink.pieces);
        assertFalse(result.cancelled());
        ModelInferRequest sent = server.requests.get(0);
        assertEquals("vllm_model", sent.getModelName());
        assertEquals(17, sent.getParametersOrThrow("max_tokens").getInt64Param());
        assertEquals(0.5, sent.getParametersOrThrow("temperature").getDoubleParam());
        assertEquals(42, sent.getParametersOrThrow("seed").getInt64Param());
        assertEquals("[\"\\n\\n\",\"END\"]", sent.getParametersOrThrow("stop").getStringParam());
        assertEquals("root ::= \"x\"", sent.getParametersOrThrow("grammar").getStringParam());
    }

    @Test
    void vllmDialectSendsSamplingParametersAsAJsonTensor() throws Exception {
        engine(TritonDialect.VLLM, false).generate("hi", OPTIONS, new Collecting(Integer.MAX_VALUE));
        ModelInferRequest sent = server.requests.get(0);
        JsonNode sampling = new ObjectMapper().readTree(TextTensors.readInput(sent, "sampling_parameters").orElseThrow().get(0));
        assertEquals(17, sampling.get("max_tokens").asInt());
        assertEquals(0.5, sampling.get("temperature").asDouble());
        assertEquals(42, sampling.get("seed").asLong());
        assertEquals("END", sampling.get("stop").get(1).asText());
        assertEquals(List.of("hi"), TextTensors.readInput(sent, "text_input").orElseThrow());
        assertFalse(input(sent, "stream").getContents().getBoolContents(0));
        assertTrue(input(sent, "exclude_input_in_output").getContents().getBoolContents(0));
    }

    @Test
    void tensorRtLlmDialectSendsTypedBatchedTensorsAndRefusesGrammars() {
        engine(TritonDialect.TENSORRT_LLM, false).generate("hi", OPTIONS, new Collecting(Integer.MAX_VALUE));
        ModelInferRequest sent = server.requests.get(0);
        assertEquals(List.of(1L, 1L), input(sent, "text_input").getShapeList());
        assertEquals("INT32", input(sent, "max_tokens").getDatatype());
        assertEquals(17, input(sent, "max_tokens").getContents().getIntContents(0));
        assertEquals(0.5f, input(sent, "temperature").getContents().getFp32Contents(0));
        assertEquals(42L, input(sent, "random_seed").getContents().getUint64Contents(0));
        assertEquals(List.of(1L, 2L), input(sent, "stop_words").getShapeList());

        QuireException e = assertThrows(QuireException.InvalidRequest.class, () -> engine(TritonDialect.TENSORRT_LLM, false)
                .generate("hi", withGrammar("root ::= \"x\""), new Collecting(Integer.MAX_VALUE)));
        assertTrue(e.getMessage().contains("grammar"), e.getMessage());
        assertEquals(1, server.requests.size(), "a refused request is never sent");
    }

    @Test
    void ignoreEosIsForwardedWhereTheBackendKnowsItAndRefusedByTensorRtLlm() throws Exception {
        GenerationOptions ignoring = OPTIONS.withIgnoreEos(true);
        engine(TritonDialect.QUIRE, false).generate("hi", OPTIONS, new Collecting(Integer.MAX_VALUE));
        assertFalse(server.requests.get(0).containsParameters("ignore_eos"), "sent only when asked for");
        engine(TritonDialect.QUIRE, false).generate("hi", ignoring, new Collecting(Integer.MAX_VALUE));
        assertTrue(server.requests.get(1).getParametersOrThrow("ignore_eos").getBoolParam());
        engine(TritonDialect.VLLM, false).generate("hi", ignoring, new Collecting(Integer.MAX_VALUE));
        JsonNode sampling = new ObjectMapper().readTree(TextTensors.readInput(server.requests.get(2), "sampling_parameters").orElseThrow().get(0));
        assertTrue(sampling.get("ignore_eos").asBoolean());

        QuireException e = assertThrows(QuireException.InvalidRequest.class, () -> engine(TritonDialect.TENSORRT_LLM, false)
                .generate("hi", ignoring, new Collecting(Integer.MAX_VALUE)));
        assertTrue(e.getMessage().contains("ignore_eos"), e.getMessage());
        assertEquals(3, server.requests.size(), "a refused request is never sent");
    }

    @Test
    void streamingHandsOverEachPieceAndEndsOnTheFinalResponse() {
        Collecting sink = new Collecting(Integer.MAX_VALUE);
        GenerationResult result = engine(TritonDialect.QUIRE, true).generate("stream me", OPTIONS, sink);
        assertEquals(List.of("echo:", "stream me"), sink.pieces);
        assertEquals("echo:stream me", result.text());
        assertEquals(2, result.pieces());
        ModelInferRequest sent = server.requests.get(0);
        assertTrue(sent.getParametersOrThrow("stream").getBoolParam());
        assertTrue(sent.getParametersOrThrow("triton_enable_empty_final_response").getBoolParam());
    }

    @Test
    void rawOutputContentsAreDecoded() {
        server.behaviour = FakeTritonServer.Behaviour.RAW_OUTPUT;
        assertEquals("echo:raw", engine(TritonDialect.QUIRE, false).generate("raw", OPTIONS, new Collecting(Integer.MAX_VALUE)).text());
    }

    @Test
    void serverStatusesBecomeClearQuireErrors() {
        server.behaviour = FakeTritonServer.Behaviour.STATUS;
        RemoteTritonEngine engine = engine(TritonDialect.QUIRE, false);

        server.status = Status.INVALID_ARGUMENT;
        QuireException invalid = assertThrows(QuireException.class, () -> engine.generate("x", OPTIONS, new Collecting(99)));
        assertEquals(Failure.Code.INVALID_ARGUMENT, invalid.code());
        assertTrue(invalid.getMessage().contains("refused the request: fake failure") && invalid.getMessage().contains(server.target()), invalid.getMessage());

        server.status = Status.RESOURCE_EXHAUSTED;
        QuireException busy = assertThrows(QuireException.class, () -> engine.generate("x", OPTIONS, new Collecting(99)));
        assertEquals(Failure.Code.UNAVAILABLE, busy.code());
        assertTrue(busy.getMessage().contains("overloaded"), busy.getMessage());

        server.status = Status.NOT_FOUND;
        QuireException missing = assertThrows(QuireException.class, () -> engine.generate("x", OPTIONS, new Collecting(99)));
        assertTrue(missing.getMessage().contains("'vllm_model'") && missing.getMessage().contains("remote model name"), missing.getMessage());

        server.status = Status.INTERNAL;
        QuireException internal = assertThrows(QuireException.class, () -> engine(TritonDialect.QUIRE, true).generate("x", OPTIONS, new Collecting(99)));
        assertEquals(Failure.Code.INTERNAL, internal.code());
        assertTrue(internal.getMessage().contains("INTERNAL fake failure"), internal.getMessage());
    }

    @Test
    void aStreamErrorMessageIsReported() {
        server.behaviour = FakeTritonServer.Behaviour.STREAM_ERROR_MESSAGE;
        QuireException e = assertThrows(QuireException.class, () -> engine(TritonDialect.VLLM, true).generate("x", OPTIONS, new Collecting(99)));
        assertTrue(e.getMessage().contains("reported: model crashed"), e.getMessage());
    }

    @Test
    void malformedResponsesAreNamed() {
        server.behaviour = FakeTritonServer.Behaviour.NO_TEXT_OUTPUT;
        QuireException none = assertThrows(QuireException.class, () -> engine(TritonDialect.QUIRE, false).generate("x", OPTIONS, new Collecting(99)));
        assertTrue(none.getMessage().contains("without text_output; outputs: [something_else]"), none.getMessage());

        server.behaviour = FakeTritonServer.Behaviour.WRONG_DATATYPE;
        QuireException typed = assertThrows(QuireException.class, () -> engine(TritonDialect.QUIRE, false).generate("x", OPTIONS, new Collecting(99)));
        assertTrue(typed.getMessage().contains("as FP32; expected BYTES"), typed.getMessage());
    }

    @Test
    void theCallersDeadlineTravelsWithTheCallAndIsHonoured() throws Exception {
        server.behaviour = FakeTritonServer.Behaviour.HANG;
        Instant deadline = Instant.now().plusMillis(300);
        QuireException e = assertThrows(QuireException.DeadlineExceeded.class,
                () -> engine(TritonDialect.QUIRE, false).generate("slow", OPTIONS, new Collecting(99), deadline));
        assertTrue(e.getMessage().contains("did not answer before the deadline"), e.getMessage());
        assertNotNull(server.deadlines.get(0), "the server saw no deadline");
        assertTrue(server.deadlines.get(0).timeRemaining(TimeUnit.MILLISECONDS) <= 300);
        assertTrue(server.cancelled.await(10, TimeUnit.SECONDS), "the server call was not cancelled at the deadline");
    }

    @Test
    void aPassedDeadlineIsNotSent() {
        QuireException e = assertThrows(QuireException.DeadlineExceeded.class,
                () -> engine(TritonDialect.QUIRE, false).generate("late", OPTIONS, new Collecting(99), Instant.now().minusSeconds(1)));
        assertTrue(e.getMessage().contains("before remote Triton"), e.getMessage());
        assertTrue(server.requests.isEmpty());
    }

    @Test
    void aCancelledCallerCancelsTheRemoteStream() throws Exception {
        server.behaviour = FakeTritonServer.Behaviour.ONE_PIECE_THEN_HANG;
        Collecting sink = new Collecting(1);
        GenerationResult result = engine(TritonDialect.QUIRE, true).generate("x", OPTIONS, sink);
        assertTrue(result.cancelled());
        assertEquals("first", result.text());
        assertTrue(server.cancelled.await(10, TimeUnit.SECONDS), "the remote call kept running for nobody");
    }

    @Test
    void anUnreachableServerIsReportedAsUnavailable() throws Exception {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        RemoteTritonEngine engine = RemoteTritonEngine.connect(new TritonSettings("localhost:" + freePort, "m", TritonDialect.QUIRE, 4096, Duration.ofSeconds(30), false));
        engines.add(engine);
        QuireException e = assertThrows(QuireException.class, () -> engine.generate("x", OPTIONS, new Collecting(99)));
        assertEquals(Failure.Code.UNAVAILABLE, e.code());
        assertTrue(e.getMessage().contains("unreachable") && e.getMessage().contains("localhost:" + freePort), e.getMessage());
    }

    @Test
    void badSettingsAreRefusedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TritonSettings("no-port", "m", TritonDialect.QUIRE, 4096, Duration.ofSeconds(1), false));
        assertTrue(e.getMessage().contains("host:port"), e.getMessage());
    }

    private static ModelInferRequest.InferInputTensor input(ModelInferRequest request, String name) {
        return request.getInputsList().stream().filter(i -> i.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no input " + name));
    }
}
