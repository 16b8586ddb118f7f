package dev.quire.inference.http;

import java.io.IOException;

import dev.quire.common.QuireException;
import dev.quire.common.http.ContentDecoding;
import dev.quire.common.http.RequestBodyLimit;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Decodes gzip- and deflate-compressed request bodies for every REST endpoint, before the body is
 * read as JSON or binary tensor data (whose Inference-Header-Content-Length counts decoded bytes),
 * and holds every body to the size limit as it is read ({@link ContentDecoding}, {@link RequestBodyLimit}):
 * failures get Triton's {"error": ...} naming the problem. A declared length over the limit is
 * refused before this runs ({@link RequestBodySizeGuard}).
 */
@Provider
public class RequestBodyInterceptor implements ReaderInterceptor {

    private static final String LIMIT_NAME = "the body size limit (" + RequestBodyLimit.LIMIT_KEY + ")";

    @ConfigProperty(name = RequestBodyLimit.LIMIT_KEY, defaultValue = "10240K")
    MemorySize maxBodySize;

    @Inject
    RoutingContext routing;

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        long limit = maxBodySize.asLongValue();
        String encoding = context.getHeaders().getFirst(HttpHeaders.CONTENT_ENCODING);
        try {
            context.setInputStream(RequestBodyLimit.readable(context.getInputStream(), encoding, limit, LIMIT_NAME, routing,
                    () -> new WebApplicationException(HttpErrors.toResponse(new RequestBodyLimit.TooLarge(
                            "the request body is more than " + RequestBodyLimit.describe(limit) + ", " + LIMIT_NAME)))));
        } catch (QuireException e) {
            throw new WebApplicationException(HttpErrors.toResponse(e)); // this service answers through Responses, not exception mappers
        }
        context.getHeaders().remove(HttpHeaders.CONTENT_ENCODING);
        return context.proceed();
    }
}
