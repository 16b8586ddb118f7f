package dev.quire.cli.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An in-test HTTP server speaking the gateway's own JSON contract for {@code POST /v1/commit/message}
 * (the project's API, not a third-party one): it records each request and answers as told.
 */
public final class FakeGateway implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the server sends back: a status and a JSON body. */
    public record Answer(int status, String body) {
    }

    private final HttpServer server;
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final CountDownLatch never = new CountDownLatch(1);
    private volatile Function<JsonNode, Answer> answer = FakeGateway::echoTitle;
    private volatile boolean hang;

    public FakeGateway() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-gateway");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/v1/commit/message", this::handle);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<JsonNode> requests() {
        return requests;
    }

    public List<String> authorizations() {
        return authorizations;
    }

    public FakeGateway answering(Function<JsonNode, Answer> answer) {
        this.answer = answer;
        return this;
    }

    /** Accepts requests and never answers them. */
    public FakeGateway hanging() {
        this.hang = true;
        return this;
    }

    /** Titles naming the first file, like a model that read the diff; one suggestion per requested. */
    public static Answer echoTitle(JsonNode request) {
        int n = request.path("options").path("suggestions").asInt(1);
        String file = request.path("diff").asText().lines().filter(l -> l.startsWith("diff --git"))
                .findFirst().map(l -> l.substring(l.lastIndexOf(" b/") + 3)).orElse("nothing");
        return suggestions(n, i -> "Change " + file + (i == 0 ? "" : " (" + (i + 1) + ")"),
                "Describe the change to " + file + ".");
    }

    public static Answer suggestions(int n, java.util.function.IntFunction<String> title, String body) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode all = root.putArray("suggestions");
        for (int i = 0; i < n; i++) {
            String t = title.apply(i);
            all.addObject().put("title", t).put("body", body).put("message", t + "\n\n" + body);
        }
        JsonNode first = all.get(0);
        root.put("requestId", "test").put("title", first.path("title").asText()).put("body", body)
                .put("message", first.path("message").asText());
        root.putArray("files");
        root.putArray("warnings").add("model 'llm' is a random test model");
        return new Answer(200, root.toString());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            requests.add(request);
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(auth == null ? "" : auth);
            if (hang) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            Answer reply = answer.apply(request);
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        never.countDown();
        server.stop(0);
    }
}
