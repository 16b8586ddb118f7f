package dev.quire.inference.engine.remote;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A JDK HttpServer speaking the OpenAI completions and chat completions API, JSON and SSE, with
 * switches for the failures the engine must survive.
 */
final class FakeOpenAiServer implements AutoCloseable {

    enum Behaviour {
        /** Echoes the prompt (or the last message) prefixed with "echo:", whole or as three events. */
        ECHO,
        /** Answers {@link #status} with an OpenAI error body. */
        STATUS,
        /** Sends nothing until the client gives up. */
        HANG_BEFORE_HEADERS,
        /** Streams one piece, then keeps the connection open with SSE comments until the client leaves. */
        ONE_PIECE_THEN_STALL,
        /** 200 with a body that is not JSON. */
        NOT_JSON,
        /** 200 with JSON that has no choices. */
        NO_CHOICES,
        /** A stream that ends without data: [DONE]. */
        STREAM_WITHOUT_DONE,
        /** A stream whose second event is an error object. */
        STREAM_ERROR_EVENT
    }

    final List<JsonNode> bodies = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    final List<String> paths = new CopyOnWriteArrayList<>();
    final CountDownLatch clientLeft = new CountDownLatch(1);
    volatile Behaviour behaviour = Behaviour.ECHO;
    volatile int status = 500;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final CountDownLatch stopping = new CountDownLatch(1);

    FakeOpenAiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    @Override
    public void close() {
        stopping.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode body = json.readTree(exchange.getRequestBody());
            bodies.add(body);
            paths.add(exchange.getRequestURI().getPath());
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            boolean chat = exchange.getRequestURI().getPath().endsWith("/chat/completions");
            boolean stream = body.path("stream").asBoolean(false);
            String prompt = chat ? body.path("messages").path(body.path("messages").size() - 1).path("content").asText() : body.path("prompt").asText();
            switch (behaviour) {
                case STATUS -> send(exchange, status, "{\"error\":{\"message\":\"fake failure\",\"type\":\"invalid_request_error\"}}");
                case HANG_BEFORE_HEADERS -> awaitStop();
                case NOT_JSON -> send(exchange, 200, "<html>gateway page</html>");
                case NO_CHOICES -> send(exchange, 200, "{\"id\":\"x\",\"object\":\"text_completion\"}");
                default -> {
                    if (stream) {
                        stream(exchange, chat, prompt);
                    } else {
                        send(exchange, 200, whole(chat, "echo:" + prompt).toString());
                    }
                }
            }
        }
    }

    private void stream(HttpExchange exchange, boolean chat, String prompt) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        if (chat) {
            event(out, "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}");
        }
        event(out, delta(chat, "echo:").toString());
        if (behaviour == Behaviour.ONE_PIECE_THEN_STALL) {
            try {
                while (stopping.getCount() > 0) {
                    out.write(": still thinking\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    Thread.sleep(20);
                }
            } catch (IOException e) {
                clientLeft.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        if (behaviour == Behaviour.STREAM_ERROR_EVENT) {
            event(out, "{\"error\":{\"message\":\"out of memory\"}}");
            return;
        }
        event(out, delta(chat, prompt).toString());
        if (behaviour != Behaviour.STREAM_WITHOUT_DONE) {
            event(out, "[DONE]");
        }
    }

    private static void event(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private ObjectNode whole(boolean chat, String text) {
        ObjectNode response = json.createObjectNode();
        ObjectNode choice = response.putArray("choices").addObject();
        choice.put("index", 0);
        if (chat) {
            choice.putObject("message").put("role", "assistant").put("content", text);
        } else {
            choice.put("text", text);
        }
        choice.put("finish_reason", "stop");
        return response;
    }

    private ObjectNode delta(boolean chat, String text) {
        ObjectNode response = json.createObjectNode();
        ObjectNode choice = response.putArray("choices").addObject();
        if (chat) {
            choice.putObject("delta").put("content", text);
        } else {
            choice.put("text", text);
        }
        return response;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private void awaitStop() {
        try {
            stopping.await(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
