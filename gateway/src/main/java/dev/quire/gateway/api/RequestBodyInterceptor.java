package dev.quire.gateway.api;

import java.io.IOException;

import dev.quire.common.http.RequestBodyLimit;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Decodes a gzip or deflate body and holds every body to the body limit as the endpoint reads it:
 * the bytes sent (a chunked body has no declared length to refuse up front) and the bytes decoded.
 * Refusals reach ErrorMapper: 413 naming the limit, 415 for another coding, 400 for a body that is
 * not data of its coding, where Vert.x's own decompression would close the connection unanswered.
 */
@Provider
public class RequestBodyInterceptor implements ReaderInterceptor {

    private static final String LIMIT_NAME = "the most the gateway accepts";

    @ConfigProperty(name = RequestBodyLimit.LIMIT_KEY, defaultValue = "10240K")
    MemorySize maxBodySize;

    @Inject
    RoutingContext routing;

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        long limit = maxBodySize.asLongValue();
        String encoding = context.getHeaders().getFirst(HttpHeaders.CONTENT_ENCODING);
        context.setInputStream(RequestBodyLimit.readable(context.getInputStream(), encoding, limit, LIMIT_NAME, routing,
                () -> new RequestBodyLimit.TooLarge("the request body goes past " + RequestBodyLimit.describe(limit) + ", " + LIMIT_NAME)));
        context.getHeaders().remove(HttpHeaders.CONTENT_ENCODING);
        return context.proceed();
    }
}
