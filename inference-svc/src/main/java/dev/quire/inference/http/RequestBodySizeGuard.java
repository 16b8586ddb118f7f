package dev.quire.inference.http;

import dev.quire.common.http.RequestBodyLimit;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A request whose declared Content-Length is over the body size limit gets 413 with Triton's
 * {"error": ...} naming both sizes, before Quarkus would answer it with an empty 413; a body without
 * a declared length is held to the limit as it is read ({@link RequestBodyInterceptor}).
 */
@ApplicationScoped
public class RequestBodySizeGuard {

    @ConfigProperty(name = RequestBodyLimit.LIMIT_KEY, defaultValue = "10240K")
    MemorySize maxBodySize;

    void install(@Observes Router router) {
        long limit = maxBodySize.asLongValue();
        RequestBodyLimit.install(router, limit, (context, declared) -> context.response().setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(new JsonObject().put("error", "the request body is " + declared + " bytes, more than the body size limit of "
                        + RequestBodyLimit.describe(limit) + " (" + RequestBodyLimit.LIMIT_KEY + ")").encode()));
    }
}
