package dev.quire.inference.engine.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.common.QuireException;
import dev.quire.inference.engine.GenerationOptions;
import dev.quire.inference.engine.GenerationResult;
import dev.quire.inference.engine.TokenSink;
import dev.quire.proto.events.Failure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiCompatibleEngineTest {

    private static final String KEY = "sk-test-secret-123";
    private static final GenerationOptions OPTIONS = new GenerationOptions(12, 0.7, Optional.of(7L), List.of("\n"), Optional.empty());

    private FakeOpenAiServer server;
    private final List<OpenAiCompatibleEngine> engines = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new FakeOpenAiServer();
    }

    @AfterEach
    void stop() {
        engines.forEach(OpenAiCompatibleEngine::close);
        server.close();
    }

    private OpenAiCompatibleEngine engine(OpenAiSettings.Api api, boolean stream) {
        return engine(new OpenAiSettings(server.baseUrl(), "qwen2.5-coder", api, Optional.of(KEY), 8192, Duration.ofSeconds(30), stream, Optional.empty()));
    }

    private OpenAiCompatibleEngine engine(OpenAiSettings settings) {
        OpenAiCompatibleEngine engine = OpenAiCompatibleEngine.connect(settings);
        engines.add(engine);
        return engine;
    }

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
    void completionsSendsThePromptOptionsAndKeyAndReadsTheText() {
        Collecting sink = new Collecting(99);
        GenerationResult result = engine(OpenAiSettings.Api.COMPLETIONS, false).generate("SELECT", OPTIONS, sink);
        assertEquals("echo:SELECT", result.text());
        assertEquals(List.of("echo:SELECT"), sink.pieces);
        JsonNode body = server.bodies.get(0);
        assertEquals("/v1/completions", server.paths.get(0));
        assertEquals("qwen2.5-coder", body.get("model").asText());
        assertEquals("SELECT", body.get("prompt").asText());
        assertEquals(12, body.get("max_tokens").asInt());
        assertEquals(0.7, body.get("temperature").asDouble());
        assertEquals(7, body.get("seed").asInt());
        assertEquals("\n", body.get("stop").get(0).asText());
        assertFalse(body.get("stream").asBoolean());
        assertFalse(body.has("ignore_eos"), "OpenAI itself does not know ignore_eos: sent only when asked for");
        assertEquals("Bearer " + KEY, server.authorizations.get(0));
    }

    @Test
    void ignoreEosIsSentWhenAskedFor() {
        engine(OpenAiSettings.Api.COMPLETIONS, false).generate("SELECT", OPTIONS.withIgnoreEos(true), new Collecting(99));
        assertTrue(server.bodies.get(0).get("ignore_eos").asBoolean());
    }

    @Test
    void chatSendsOneUserMessageAndReadsTheMessageContent() {
        GenerationResult result = engine(OpenAiSettings.Api.CHAT, false).generate("Which tables?", OPTIONS, new Collecting(99));
        assertEquals("echo:Which tables?", result.text());
        assertEquals("/v1/chat/completions", server.paths.get(0));
        JsonNode message = server.bodies.get(0).get("messages").get(0);
        assertEquals("user", message.get("role").asText());
        assertEquals("Which tables?", message.get("content").asText());
    }

    @Test
    void chatStreamingHandsOverEachDeltaUntilDone() {
        Collecting sink = new Collecting(99);
        GenerationResult result = engine(OpenAiSettings.Api.CHAT, true).generate("hi", OPTIONS, sink);
        assertEquals(List.of("echo:", "hi"), sink.pieces);
        assertEquals("echo:hi", result.text());
        assertEquals(2, result.pieces());
        assertFalse(result.cancelled());
        assertTrue(server.bodies.get(0).get("stream").asBoolean());
    }

    @Test
    void completionsStreamingWorksToo() {
        Collecting sink = new Collecting(99);
        assertEquals("echo:x", engine(OpenAiSettings.Api.COMPLETIONS, true).generate("x", OPTIONS, sink).text());
        assertEquals(List.of("echo:", "x"), sink.pieces);
    }

    @Test
    void httpErrorStatusesBecomeClearQuireErrorsWithoutTheKey() {
        server.behaviour = FakeOpenAiServer.Behaviour.STATUS;
        OpenAiCompatibleEngine engine = engine(OpenAiSettings.Api.CHAT, false);

        server.status = 400;
        QuireException bad = assertThrows(QuireException.InvalidRequest.class, () -> engine.generate("x", OPTIONS, new Collecting(99)));
        assertTrue(bad.getMessage().contains("HTTP 400") && bad.getMessage().contains("fake failure"), bad.getMessage());

        server.status = 401;
        QuireException auth = assertThrows(QuireException.Unavailable.class, () -> engine.generate("x", OPTIONS, new Collecting(99)));
        assertTrue(auth.getMessage().contains("API key"), auth.getMessage());
        assertFalse(auth.getMessage().contains(KEY), "the key leaked into an error message");

        server.status = 404;
        QuireException missing = assertThrows(QuireException.Unavailable.class, () -> engine.generate("x", OPTIONS, new Collecting(99)));
        assertTrue(missing.getMessage().contains("'qwen2.5-coder' served there"), missing.getMessage());

        server.status = 429;
        assertTrue(assertThrows(QuireException.Unavailable.class, () -> engine.generate("x", OPTIONS, new Collecting(99)))
                .getMessage().contains("rate-limited"));

        server.status = 503;
        QuireException down = assertThrows(QuireException.Unavailable.class, () -> engine(OpenAiSettings.Api.CHAT, true).generate("x", OPTIONS, new Collecting(99)));
        assertTrue(down.getMessage().contains("HTTP 503: server error: fake failure"), down.getMessage());
    }

    @Test
    void malformedResponsesAreNamed() {
        server.behaviour = FakeOpenAiServer.Behaviour.NOT_JSON;
        QuireException html = assertThrows(QuireException.class, () -> engine(OpenAiSettings.Api.COMPLETIONS, false).generate("x", OPTIONS, new Collecting(99)));
        assertEquals(Failure.Code.INTERNAL, html.code());
        assertTrue(html.getMessage().contains("malformed response: not JSON") && html.getMessage().contains("<html>"), html.getMessage());

        server.behaviour = FakeOpenAiServer.Behaviour.NO_CHOICES;
        QuireException empty = assertThrows(QuireException.class, () -> engine(OpenAiSettings.Api.COMPLETIONS, false).generate("x", OPTIONS, new Collecting(99)));
        assertTrue(empty.getMessage().contains("no choices[0]"), empty.getMessage());

        server.behaviour = FakeOpenAiServer.Behaviour.STREAM_WITHOUT_DONE;
        QuireException cut = assertThrows(QuireException.class, () -> engine(OpenAiSettings.Api.CHAT, true).generate("x", OPTIONS, new Collecting(99)));
        assertTrue(cut.getMessage().contains("without 'data: [DONE]' (2 pieces received)"), cut.getMessage());

        server.behaviour = FakeOpenAiServer.Behaviour.STREAM_ERROR_EVENT;
        QuireException oom = assertThrows(QuireException.class, () -> engine(OpenAiSettings.Api.CHAT, true).generate("x", OPTIONS, new Collecting(99)));
        assertTrue(oom.getMessage().contains("reported an error: out of memory"), oom.getMessage());
    }

    @Test
    void aDeadlineBeforeTheHeadersIsHonoured() {
        server.behaviour = FakeOpenAiServer.Behaviour.HANG_BEFORE_HEADERS;
        QuireException e = assertThrows(QuireException.DeadlineExceeded.class, () -> engine(OpenAiSettings.Api.CHAT, false)
                .generate("x", OPTIONS, new Collecting(99), Instant.now().plusMillis(300)));
        assertTrue(e.getMessage().contains("did not answer before the deadline"), e.getMessage());
    }

    @Test
    void aDeadlineInsideAStreamClosesItAndSaysSo() throws Exception {
        server.behaviour = FakeOpenAiServer.Behaviour.ONE_PIECE_THEN_STALL;
        Collecting sink = new Collecting(99);
        QuireException e = assertThrows(QuireException.DeadlineExceeded.class, () -> engine(OpenAiSettings.Api.CHAT, true)
                .generate("x", OPTIONS, sink, Instant.now().plusMillis(500)));
        assertTrue(e.getMessage().contains("did not finish the stream before the deadline (1 pieces received)"), e.getMessage());
        assertTrue(server.clientLeft.await(10, TimeUnit.SECONDS), "the connection stayed open after the deadline");
    }

    @Test
    void aCancelledCallerClosesTheStream() throws Exception {
        server.behaviour = FakeOpenAiServer.Behaviour.ONE_PIECE_THEN_STALL;
        GenerationResult result = engine(OpenAiSettings.Api.CHAT, true).generate("x", OPTIONS, new Collecting(1));
        assertTrue(result.cancelled());
        assertEquals("echo:", result.text());
        assertTrue(server.clientLeft.await(10, TimeUnit.SECONDS), "the server kept streaming for nobody");
    }

    @Test
    void aPassedDeadlineIsNotSent() {
        assertThrows(QuireException.DeadlineExceeded.class, () -> engine(OpenAiSettings.Api.CHAT, false)
                .generate("x", OPTIONS, new Collecting(99), Instant.now().minusMillis(1)));
        assertTrue(server.bodies.isEmpty());
    }

    @Test
    void anUnreachableServerIsReportedAsUnavailable() throws Exception {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        OpenAiCompatibleEngine engine = engine(new OpenAiSettings(URI.create("http://127.0.0.1:" + freePort + "/v1"), "m",
                OpenAiSettings.Api.CHAT, Optional.empty(), 4096, Duration.ofSeconds(5), false, Optional.empty()));
        QuireException e = assertThrows(QuireException.Unavailable.class, () -> engine.generate("x", OPTIONS, new Collecting(99)));
        assertTrue(e.getMessage().contains("unreachable") && e.getMessage().contains(":" + freePort + "/v1/chat/completions"), e.getMessage());
    }

    @Test
    void grammarsGoInTheConfiguredFieldOrAreRefused() {
        GenerationOptions withGrammar = new GenerationOptions(5, 0, Optional.empty(), List.of(), Optional.of("root ::= \"a\""));
        QuireException refused = assertThrows(QuireException.InvalidRequest.class,
                () -> engine(OpenAiSettings.Api.COMPLETIONS, false).generate("x", withGrammar, new Collecting(99)));
        assertTrue(refused.getMessage().contains("'grammar' for llama.cpp server"), refused.getMessage());
        assertTrue(server.bodies.isEmpty());

        engine(new OpenAiSettings(server.baseUrl(), "m", OpenAiSettings.Api.COMPLETIONS, Optional.empty(), 4096, Duration.ofSeconds(30), false,
                Optional.of("grammar"))).generate("x", withGrammar, new Collecting(99));
        assertEquals("root ::= \"a\"", server.bodies.get(0).get("grammar").asText());
        assertEquals("null", server.authorizations.get(0), "no key configured, no Authorization header");
    }

    @Test
    void settingsNeverPrintTheKeyAndRefuseBadUrls() {
        OpenAiSettings settings = new OpenAiSettings(server.baseUrl(), "m", OpenAiSettings.Api.CHAT, Optional.of(KEY), 4096, Duration.ofSeconds(1), false, Optional.empty());
        assertFalse(settings.toString().contains(KEY), settings.toString());
        assertTrue(settings.toString().contains("apiKey=(set)"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new OpenAiSettings(URI.create("ftp://x/v1"), "m",
                OpenAiSettings.Api.CHAT, Optional.empty(), 4096, Duration.ofSeconds(1), false, Optional.empty()));
        assertTrue(e.getMessage().contains("http(s)://"), e.getMessage());
        assertEquals(Optional.of("from-config"), OpenAiSettings.apiKey(Optional.of("from-config"), Optional.of("PATH")));
        assertEquals(Optional.empty(), OpenAiSettings.apiKey(Optional.of(" "), Optional.of("QUIRE_SURELY_UNSET_VARIABLE")));
    }
}
