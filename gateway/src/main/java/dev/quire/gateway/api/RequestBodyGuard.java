package dev.quire.gateway.api;

import java.util.Locale;

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
 * Refuses, with the API's JSON error body, request bodies the endpoints can never read: one over
 * the body limit (a declared length at once, one without a length while it is read:
 * {@link RequestBodyLimitInterceptor}), or a Content-Encoding the server did not decode. Quarkus
 * itself would answer 413 with an empty body.
 */
@ApplicationScoped
public class RequestBodyGuard {

    @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
    MemorySize maxBodySize;

    @Inject
    ObjectMapper json;

    void install(@Observes Router router) {
        long limit = maxBodySize.asLongValue();
        RequestBodyLimit.install(router, limit, (context, declared) -> refuse(context, 413,
                "the request body is " + declared + " bytes; the gateway accepts at most " + RequestBodyLimit.describe(limit)));
        router.route().order(RequestBodyLimit.DECLARED_LENGTH_ORDER).handler(this::checkEncoding);
    }

    private void checkEncoding(RoutingContext context) {
        // With quarkus.http.enable-decompression the server has already decoded gzip and deflate and dropped the header;
        // one still here was not understood, and the body would only reach Jackson as unreadable bytes.
        String encoding = context.request().getHeader(HttpHeaders.CONTENT_ENCODING);
        if (encoding != null && !encoding.isBlank() && !"identity".equals(encoding.strip().toLowerCase(Locale.ROOT))) {
            RequestBodyLimit.closeAfterResponse(context);
            refuse(context, 415, "request bodies may be sent plain or with Content-Encoding gzip or deflate; '" + encoding.strip()
                    + "' is not supported");
            return;
        }
        context.next();
    }

    /** Answers at once (the caller has arranged for the connection to close where the body is left unread). */
    private void refuse(RoutingContext context, int status, String message) {
        String body;
        try {
            body = json.writeValueAsString(new ErrorBody(new ErrorDetail(ErrorMapper.codeFor(status), message)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("API bodies always serialise", e);
        }
        context.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body);
    }
}
