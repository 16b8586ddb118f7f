package dev.quire.gateway;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every gateway setting, with its default, in one place. */
@ConfigMapping(prefix = "quire.gateway")
public interface GatewayConfig {

    /** How long a caller waits for an answer when the request does not ask for less. */
    @WithDefault("60s")
    Duration requestTimeout();

    /** The longest wait a request may ask for with {@code timeoutMs}. */
    @WithDefault("300s")
    Duration maxRequestTimeout();

    /** Topic the domain services reply to; this instance reads all of it with its own consumer group. */
    @WithDefault("quire.replies")
    String replyTopic();

    /** Longest accepted question, in characters. */
    @WithDefault("4000")
    int maxQuestionLength();

    /** Longest accepted SQL text for validate and execute, in characters. */
    @WithDefault("20000")
    int maxSqlLength();

    /** Most question-to-SQL examples accepted in one request. */
    @WithDefault("100")
    int maxExamplesPerRequest();

    /** Longest accepted diff, in bytes (UTF-8). */
    @WithDefault("1000000")
    int maxDiffBytes();

    /** Tenant recorded on requests that do not name one. */
    @WithDefault("default")
    String defaultTenant();
}
