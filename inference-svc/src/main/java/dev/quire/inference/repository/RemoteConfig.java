package dev.quire.inference.repository;

import java.time.Duration;
import java.util.Optional;

import dev.quire.inference.engine.remote.OpenAiSettings;
import dev.quire.inference.engine.remote.RemoteTask;
import dev.quire.inference.engine.remote.TritonDialect;

/**
 * How a remote engine (triton, openai) is called; empty for in-process engines.
 *
 * @param task         triton: what the remote model does (generate text, or embed texts)
 * @param dialect      triton: how generation options travel to the remote model
 * @param api          openai: completions or chat completions
 * @param apiKeyEnv    openai: environment variable holding the bearer key (the key itself never sits in a config file)
 * @param grammarField openai: request field carrying a GBNF grammar; empty: grammars are refused
 * @param stream       true: pieces are streamed from the remote server as they come
 * @param timeout      longest a call may take when the request sets no timeout of its own
 */
public record RemoteConfig(RemoteTask task, TritonDialect dialect, OpenAiSettings.Api api, Optional<String> apiKeyEnv, Optional<String> grammarField,
                           boolean stream, Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    public static RemoteConfig defaults() {
        return new RemoteConfig(RemoteTask.GENERATE, TritonDialect.QUIRE, OpenAiSettings.Api.COMPLETIONS, Optional.empty(), Optional.empty(), true, DEFAULT_TIMEOUT);
    }
}
