package dev.quire.inference.engine.remote;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Where and how the OpenAI-compatible engine calls (vLLM, Ollama, llama.cpp server, OpenAI).
 *
 * @param baseUrl        the API root including {@code /v1}, e.g. {@code http://localhost:11434/v1}
 * @param model          the model name the server expects
 * @param api            which endpoint to call
 * @param apiKey         sent as a bearer token; never logged or printed (see {@link #toString()})
 * @param contextSize    the remote model's context, in tokens (prompt + answer)
 * @param defaultTimeout deadline for a call whose caller gave none
 * @param stream         true: ask for server-sent events and hand pieces over as they come
 * @param grammarField   request field that carries a GBNF grammar ({@code grammar} for llama.cpp
 *                       server, {@code guided_grammar} for vLLM); empty: grammars are refused
 */
public record OpenAiSettings(URI baseUrl, String model, Api api, Optional<String> apiKey, int contextSize, Duration defaultTimeout,
                             boolean stream, Optional<String> grammarField) {

    /** The two generation endpoints of the OpenAI API. */
    public enum Api {
        /** POST /completions with a prompt: the prompt is sent as it is. */
        COMPLETIONS("completions"),
        /** POST /chat/completions: the prompt becomes one user message and the server applies its chat template. */
        CHAT("chat/completions");

        final String path;

        Api(String path) {
            this.path = path;
        }
    }

    public OpenAiSettings {
        if (baseUrl == null || !("http".equals(baseUrl.getScheme()) || "https".equals(baseUrl.getScheme()))) {
            throw new IllegalArgumentException("the OpenAI-compatible base URL must be http(s)://host[:port]/v1, got '" + baseUrl + "'");
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("the OpenAI-compatible model name must not be empty");
        }
        if (contextSize < 2) {
            throw new IllegalArgumentException("context size must be at least 2 tokens, got " + contextSize);
        }
        if (defaultTimeout.isZero() || defaultTimeout.isNegative()) {
            throw new IllegalArgumentException("the default timeout must be positive, got " + defaultTimeout);
        }
        apiKey = apiKey.filter(k -> !k.isBlank());
    }

    /** The configured key, else the named environment variable's value (e.g. OPENAI_API_KEY). */
    public static Optional<String> apiKey(Optional<String> configured, Optional<String> environmentVariable) {
        return configured.filter(k -> !k.isBlank())
                .or(() -> environmentVariable.map(System::getenv).filter(k -> !k.isBlank()));
    }

    URI endpoint() {
        String base = baseUrl.toString();
        return URI.create(base.endsWith("/") ? base + api.path : base + "/" + api.path);
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return "OpenAiSettings[baseUrl=" + baseUrl + ", model=" + model + ", api=" + api + ", apiKey=" + (apiKey.isPresent() ? "(set)" : "(none)")
                + ", contextSize=" + contextSize + ", defaultTimeout=" + defaultTimeout + ", stream=" + stream + ", grammarField=" + grammarField + "]";
    }
}
