package dev.quire.gateway.api;

import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * Refuses, with the API's JSON error body, request bodies the endpoints can never read: a declared
 * length over the body limit, or a Content-Encoding the server did not decode. Both are decided
 * before any JAX-RS code runs, where Quarkus itself would answer 413 with an empty body.
 */
@ApplicationScoped
public class RequestBodyGuard {

    /** Before Quarkus's own body-size check (route order -2), which ends the response without a body. */
    static final int ORDER = -3;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
    MemorySize maxBodySize;

    @Inject
    ObjectMapper json;

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::check);
    }

    private void check(RoutingContext context) {
        long limit = maxBodySize.asLongValue();
        Long declared = declaredLength(context.request().getHeader(HttpHeaders.CONTENT_LENGTH));
        if (declared != null && declared > limit) {
            refuse(context, 413, "the request body is " + declared + " bytes; the gateway accepts at most " + describe(limit));
            return;
        }
        // With quarkus.http.enable-decompression the server has already decoded gzip and deflate and dropped the header;
        // one still here was not understood, and the body would only reach Jackson as unreadable bytes.
        String encoding = context.request().getHeader(HttpHeaders.CONTENT_ENCODING);
        if (encoding != null && !encoding.isBlank() && !"identity".equals(encoding.strip().toLowerCase(Locale.ROOT))) {
            refuse(context, 415, "request bodies may be sent plain or with Content-Encoding gzip or deflate; '" + encoding.strip()
                    + "' is not supported");
            return;
        }
        context.next();
    }

    static String describe(long bytes) {
        long mib = 1024 * 1024;
        return bytes >= mib && bytes % mib == 0 ? bytes + " bytes (" + bytes / mib + " MiB)" : bytes + " bytes";
    }

    private static Long declaredLength(String header) {
        if (header == null) {
            return null;
        }
        try {
            return Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return null; // Vert.x has already refused a malformed length; nothing to add
        }
    }

    /**
     * Answers at once. On HTTP/1.x the connection is closed too: the unread body is still on its way.
     * HTTP/2 ends just this stream (a Connection header is not allowed there, and the connection
     * carries other streams).
     */
    private void refuse(RoutingContext context, int status, String message) {
        String body;
        try {
            body = json.writeValueAsString(new ErrorBody(new ErrorDetail(ErrorMapper.codeFor(status), message)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("API bodies always serialise", e);
        }
        var response = context.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        if (context.request().version() != io.vertx.core.http.HttpVersion.HTTP_2) {
            response.putHeader(HttpHeaders.CONNECTION, "close").endHandler(ended -> context.request().connection().close());
        }
        response.end(body);
    }
}
