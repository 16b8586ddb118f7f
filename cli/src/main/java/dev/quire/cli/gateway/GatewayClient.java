package dev.quire.cli.gateway;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Calls the gateway's {@code POST /v1/commit/message} (JSON {diff, options, timeoutMs}). */
public final class GatewayClient {

    static final String PATH = "/v1/commit/message";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final Optional<String> apiKey;
    private final Duration timeout;
    private final HttpClient http;

    public GatewayClient(URI gateway, Optional<String> apiKey, Duration timeout) {
        String base = gateway.toString().replaceAll("/+$", "");
        this.endpoint = URI.create(base + PATH);
        this.apiKey = apiKey;
        this.timeout = timeout;
        // HTTP/1.1: no h2c upgrade round on a plain-text local gateway.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    public SuggestionReply suggest(SuggestionRequest request) throws GatewayException, InterruptedException {
        HttpRequest.Builder http = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(request), StandardCharsets.UTF_8));
        apiKey.ifPresent(key -> http.header("Authorization", "Bearer " + key));
        HttpResponse<String> response;
        try {
            response = this.http.send(http.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new GatewayException("the gateway at " + endpoint + " gave no answer within " + timeout.toMillis() + " ms", e);
        } catch (ConnectException e) {
            throw new GatewayException("cannot reach the gateway at " + endpoint + " (is the mesh running?)", e);
        } catch (IOException e) {
            throw new GatewayException("talking to the gateway at " + endpoint + " failed: " + e, e);
        }
        return parse(response);
    }

    String body(SuggestionRequest request) {
        ObjectNode root = JSON.createObjectNode();
        root.put("diff", request.diff());
        ObjectNode options = root.putObject("options");
        options.put("maxTitleLength", request.titleLimit());
        request.language().ifPresent(language -> options.put("language", language));
        options.put("conventional", request.conventional());
        options.put("suggestions", request.suggestions());
        ArrayNode history = options.putArray("history");
        request.history().forEach(history::add);
        // The mesh stops working on the request when the hook stops waiting.
        root.put("timeoutMs", timeout.toMillis());
        return root.toString();
    }

    private SuggestionReply parse(HttpResponse<String> response) throws GatewayException {
        JsonNode root;
        try {
            root = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new GatewayException("the gateway answered HTTP " + response.statusCode() + " with a body that is not JSON");
        }
        if (response.statusCode() != 200) {
            JsonNode error = root.path("error");
            String message = error.path("message").asText("");
            if (message.isBlank()) {
                // Not a Quire error body (an empty 404 is what another server on that port says): name the address.
                throw new GatewayException("the gateway at " + endpoint + " answered HTTP " + response.statusCode()
                        + " without an error message; is that address Quire's gateway?");
            }
            String code = error.path("code").asText("");
            throw new GatewayException("the gateway answered HTTP " + response.statusCode() + " " + (code.isBlank() ? "" : code + ": ") + message);
        }
        List<Suggestion> suggestions = new ArrayList<>();
        for (JsonNode s : root.path("suggestions")) {
            suggestions.add(new Suggestion(s.path("title").asText(""), s.path("body").asText(""), s.path("message").asText("")));
        }
        if (suggestions.isEmpty()) {
            // A gateway from before `suggestions` existed answers with one message only.
            suggestions.add(new Suggestion(root.path("title").asText(""), root.path("body").asText(""),
                    root.path("message").asText("")));
        }
        if (suggestions.get(0).message().isBlank()) {
            throw new GatewayException("the gateway answered without a message");
        }
        List<String> warnings = new ArrayList<>();
        root.path("warnings").forEach(w -> warnings.add(w.asText()));
        return new SuggestionReply(suggestions, warnings);
    }
}
