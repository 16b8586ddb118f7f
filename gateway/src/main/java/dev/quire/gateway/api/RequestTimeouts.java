package dev.quire.gateway.api;

import java.time.Duration;

import dev.quire.common.QuireException;
import dev.quire.gateway.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Turns a request's optional {@code timeoutMs} into the wait, within the configured bounds. */
@ApplicationScoped
public class RequestTimeouts {

    @Inject
    GatewayConfig config;

    public Duration of(Long timeoutMs) {
        if (timeoutMs == null) {
            return config.requestTimeout();
        }
        long max = config.maxRequestTimeout().toMillis();
        if (timeoutMs <= 0 || timeoutMs > max) {
            throw new QuireException.InvalidRequest("timeoutMs must be between 1 and " + max + ", got " + timeoutMs);
        }
        return Duration.ofMillis(timeoutMs);
    }
}
