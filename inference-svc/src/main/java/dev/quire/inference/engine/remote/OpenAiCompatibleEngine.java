package dev.quire.inference.engine.remote;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quire.common.QuireException;
import dev.quire.inference.engine.GenerationOptions;
import dev.quire.inference.engine.GenerationResult;
import dev.quire.inference.engine.TokenSink;
import dev.quire.proto.events.Failure;

/**
 * Text generation on an OpenAI-compatible server (vLLM, Ollama, llama.cpp server, OpenAI):
 * POST {@code /v1/completions} or {@code /v1/chat/completions}, whole or as server-sent events
 * ({@code stream: true}, {@code data: {...}} lines ending with {@code data: [DONE]}).
 * <p>
 * The deadline covers the whole answer, stream included: a watchdog closes the response body when
 * it passes or when the sink is cancelled, so no remote work continues for nobody. The API key
 * goes into the Authorization header only; no message here contains it.
 */
public final class OpenAiCompatibleEngine extends RemoteTextEngine {

    /** How often a streaming call checks its deadline and whether its caller went away. */
    static final Duration POLL = Duration.ofMillis(50);
    private static final int MAX_ERROR_DETAIL = 300;
    private static final String DONE = "[DONE]";

    private final ObjectMapper json = new ObjectMapper();
    private final OpenAiSettings settings;
    private final HttpClient http;
    private final Clock clock;
    private final ScheduledExecutorService watchdog;

    OpenAiCompatibleEngine(OpenAiSettings settings, Clock clock) {
        super("the OpenAI-compatible engine", settings.contextSize());
        this.settings = settings;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.defaultTimeout().compareTo(Duration.ofSeconds(10)) < 0 ? settings.defaultTimeout() : Duration.ofSeconds(10))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "openai-stream-watchdog");
            t.setDaemon(true);
            return t;
        });
    }

    public static OpenAiCompatibleEngine connect(OpenAiSettings settings) {
        return new OpenAiCompatibleEngine(settings, Clock.systemUTC());
    }

    @Override
    public GenerationResult generate(String prompt, GenerationOptions options, TokenSink sink) {
        return generate(prompt, options, sink, options.deadline().orElseGet(() -> clock.instant().plus(settings.defaultTimeout())));
    }

    /** Like {@link #generate(String, GenerationOptions, TokenSink)} with the caller's deadline. */
    public GenerationResult generate(String prompt, GenerationOptions options, TokenSink sink, Instant deadline) {
        Duration left = Duration.between(clock.instant(), deadline);
        if (left.isNegative() || left.isZero()) {
            throw new QuireException.DeadlineExceeded("the deadline passed before " + where() + " was called");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.endpoint())
                .timeout(left)
                .header("Content-Type", "application/json")
                .header("Accept", settings.stream() ? "text/event-stream" : "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(prompt, options), StandardCharsets.UTF_8));
        settings.apiKey().ifPresent(key -> request.header("Authorization", "Bearer " + key));
        int promptTokens = countTokens(prompt);
        GenerationResult cancelled = new GenerationResult("", promptTokens, 0, true);
        try {
            if (settings.stream()) {
                return stream(request.build(), sink, deadline, promptTokens);
            }
            HttpResponse<String> response = send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8), sink);
            if (response == null) {
                return cancelled;
            }
            if (response.statusCode() != 200) {
                throw httpError(response.statusCode(), response.body());
            }
            String text = text(parse(response.body()), false);
            if (!text.isEmpty()) {
                sink.accept(text);
            }
            return new GenerationResult(text, promptTokens, text.isEmpty() ? 0 : 1, false);
        } catch (HttpTimeoutException e) {
            throw new QuireException.DeadlineExceeded(where() + " did not answer before the deadline");
        } catch (ConnectException e) {
            throw new QuireException.Unavailable(where() + " is unreachable: connection refused or timed out", e);
        } catch (IOException e) {
            throw new QuireException.Unavailable(where() + " failed while answering: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QuireException(Failure.Code.INTERNAL, "interrupted while waiting for " + where(), e);
        }
    }

    private String body(String prompt, GenerationOptions options) {
        ObjectNode body = json.createObjectNode();
        body.put("model", settings.model());
        if (settings.api() == OpenAiSettings.Api.CHAT) {
            ObjectNode message = body.putArray("messages").addObject();
            message.put("role", "user");
            message.put("content", prompt);
        } else {
            body.put("prompt", prompt);
        }
        body.put("max_tokens", options.maxTokens());
        body.put("temperature", options.temperature());
        options.seed().ifPresent(seed -> body.put("seed", seed));
        if (!options.stop().isEmpty()) {
            options.stop().forEach(body.putArray("stop")::add);
        }
        if (options.ignoreEos()) {
            // vLLM's and llama.cpp server's extension; sent only when asked for, as OpenAI itself does not know it.
            body.put("ignore_eos", true);
        }
        if (options.grammar().isPresent()) {
            String field = settings.grammarField().orElseThrow(() -> new QuireException.InvalidRequest(where()
                    + " is not configured to take a grammar; send the request without 'grammar'/'json_schema', or set the model's grammar field "
                    + "('grammar' for llama.cpp server, 'guided_grammar' for vLLM)"));
            body.put(field, options.grammar().get());
        }
        body.put("stream", settings.stream());
        return body.toString();
    }

    /** Reads server-sent events until [DONE]; the watchdog closes the body at the deadline or on cancel. */
    private GenerationResult stream(HttpRequest request, TokenSink sink, Instant deadline, int promptTokens) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = send(request, HttpResponse.BodyHandlers.ofInputStream(), sink);
        if (response == null) {
            return new GenerationResult("", promptTokens, 0, true);
        }
        if (response.statusCode() != 200) {
            try (InputStream body = response.body()) {
                throw httpError(response.statusCode(), new String(body.readNBytes(64 * 1024), StandardCharsets.UTF_8));
            }
        }
        AtomicReference<String> stoppedBecause = new AtomicReference<>();
        InputStream body = response.body();
        ScheduledFuture<?> guard = watchdog.scheduleAtFixedRate(() -> {
            String reason = sink.cancelled() ? "cancelled" : clock.instant().isAfter(deadline) ? "deadline" : null;
            if (reason != null && stoppedBecause.compareAndSet(null, reason)) {
                closeQuietly(body);
            }
        }, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
        StringBuilder text = new StringBuilder();
        int pieces = 0;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.startsWith("data:")) {
                    continue; // blank separators, comments (':'), event/id/retry fields
                }
                String data = line.substring(5).strip();
                if (data.equals(DONE)) {
                    return new GenerationResult(text.toString(), promptTokens, pieces, false);
                }
                String piece = text(parse(data), true);
                if (!piece.isEmpty()) {
                    text.append(piece);
                    pieces++;
                    sink.accept(piece);
                }
                if (sink.cancelled()) {
                    stoppedBecause.compareAndSet(null, "cancelled");
                    break;
                }
            }
        } catch (IOException e) {
            if (stoppedBecause.get() == null) {
                throw new QuireException.Unavailable(where() + " broke off the stream: " + e, e);
            }
        } finally {
            guard.cancel(false);
        }
        String reason = stoppedBecause.get();
        if ("cancelled".equals(reason)) {
            return new GenerationResult(text.toString(), promptTokens, pieces, true);
        }
        if ("deadline".equals(reason)) {
            throw new QuireException.DeadlineExceeded(where() + " did not finish the stream before the deadline (" + pieces + " pieces received)");
        }
        throw new QuireException(Failure.Code.INTERNAL, where() + " ended the stream without 'data: [DONE]' (" + pieces + " pieces received)");
    }

    /**
     * Sends and waits for the response headers, checking every {@link #POLL} whether the caller went
     * away; cancelling the future aborts the exchange. Null when the sink was cancelled.
     */
    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler, TokenSink sink) throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<T>> pending = http.sendAsync(request, handler);
        while (true) {
            if (sink.cancelled()) {
                pending.cancel(true);
                return null;
            }
            try {
                return pending.get(POLL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // still waiting: check the sink again
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                throw new QuireException(Failure.Code.INTERNAL, where() + " could not be called: " + e.getCause(), e.getCause());
            }
        }
    }

    private JsonNode parse(String body) {
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw malformed("expected a JSON object", body);
            }
            if (node.has("error")) {
                throw new QuireException(Failure.Code.INTERNAL, where() + " reported an error: " + errorMessage(node));
            }
            return node;
        } catch (JsonProcessingException e) {
            throw malformed("not JSON (" + e.getOriginalMessage() + ")", body);
        }
    }

    /** choices[0].text (completions), choices[0].message.content (chat), or choices[0].delta.content (chat stream). */
    private String text(JsonNode response, boolean streamed) {
        JsonNode choice = response.path("choices").path(0);
        if (choice.isMissingNode()) {
            throw malformed("no choices[0]", response.toString());
        }
        JsonNode text = settings.api() == OpenAiSettings.Api.COMPLETIONS ? choice.path("text")
                : choice.path(streamed ? "delta" : "message").path("content");
        if (text.isTextual()) {
            return text.asText();
        }
        // A chat stream's first and last deltas may carry only a role or a finish reason.
        if (streamed && settings.api() == OpenAiSettings.Api.CHAT && (text.isMissingNode() || text.isNull())) {
            return "";
        }
        throw malformed("choices[0] has no text", response.toString());
    }

    private QuireException httpError(int status, String body) {
        String detail = errorDetail(body);
        String prefix = where() + " answered HTTP " + status;
        return switch (status) {
            case 400, 413, 422 -> new QuireException.InvalidRequest(prefix + ", refusing the request: " + detail);
            case 401, 403 -> new QuireException.Unavailable(prefix + ": the API key was refused or is missing; check the model's configured key: " + detail, null);
            case 404 -> new QuireException.Unavailable(prefix + ": no such endpoint or model (is '" + settings.model() + "' served there?): " + detail, null);
            case 408, 504 -> new QuireException.DeadlineExceeded(prefix + ": the request timed out: " + detail);
            case 429 -> new QuireException.Unavailable(prefix + ": rate-limited or overloaded: " + detail, null);
            default -> status >= 500
                    ? new QuireException.Unavailable(prefix + ": server error: " + detail, null)
                    : new QuireException(Failure.Code.INTERNAL, prefix + ": " + detail);
        };
    }

    /** The server's error.message when the body has one, else the body's start. */
    private String errorDetail(String body) {
        try {
            JsonNode node = json.readTree(body);
            if (node != null && node.has("error")) {
                return errorMessage(node);
            }
        } catch (JsonProcessingException e) {
            // not JSON: quote the text
        }
        return abbreviate(body);
    }

    private static String errorMessage(JsonNode node) {
        JsonNode error = node.get("error");
        return abbreviate(error.isTextual() ? error.asText() : error.path("message").asText(error.toString()));
    }

    private QuireException malformed(String what, String body) {
        return new QuireException(Failure.Code.INTERNAL, where() + " sent a malformed response: " + what + "; body starts: " + abbreviate(body));
    }

    private static String abbreviate(String text) {
        String t = text == null ? "" : text.strip();
        return t.length() <= MAX_ERROR_DETAIL ? t : t.substring(0, MAX_ERROR_DETAIL) + "...";
    }

    private String where() {
        return "the OpenAI-compatible server at " + settings.endpoint() + " (model '" + settings.model() + "')";
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException e) {
            // closing is how the stream is stopped; a failure here changes nothing
        }
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
    }
}
