package dev.quire.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.common.http.RequestBodyLimit;
import dev.quire.gateway.api.ApiTypes.ErrorBody;
import dev.quire.gateway.api.ApiTypes.ErrorDetail;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses, with the API's JSON error body, a request whose declared length is over the body limit,
 * before anything reads it, where Quarkus itself would answer 413 with an empty body. A body
 * without a declared length is held to the limit while it is read ({@link RequestBodyInterceptor}).
 */
@ApplicationScoped
public class RequestBodyGuard {

    @ConfigProperty(name = RequestBodyLimit.LIMIT_KEY, defaultValue = "10240K")
    MemorySize maxBodySize;

    @Inject
    ObjectMapper json;

    void install(@Observes Router router) {
        long limit = maxBodySize.asLongValue();
        RequestBodyLimit.install(router, limit, (context, declared) -> refuseTooLarge(context,
                "the request body is " + declared + " bytes; the gateway accepts at most " + RequestBodyLimit.describe(limit)));
    }

    /** Answers 413 at once (the connection closes after it: the body is left unread). */
    private void refuseTooLarge(RoutingContext context, String message) {
        String body;
        try {
            body = json.writeValueAsString(new ErrorBody(new ErrorDetail(ErrorMapper.codeFor(413), message)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("API bodies always serialise", e);
        }
        context.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body);
    }
}
