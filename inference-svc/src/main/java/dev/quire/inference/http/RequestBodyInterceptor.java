package dev.quire.inference.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

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

    @ConfigProperty(name = RequestBodyLimit.LIMIT_KEY, defaultValue = "10240K")
    MemorySize maxBodySize;

    @Inject
    RoutingContext routing;

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        long limit = maxBodySize.asLongValue();
        // Sent bytes are bounded whatever the coding: a compressed stream that decodes to little (empty deflate blocks) is no exception.
        InputStream body = RequestBodyLimit.bounded(context.getInputStream(), limit, () -> {
            RequestBodyLimit.closeAfterResponse(routing);
            return new WebApplicationException(HttpErrors.toResponse(new RequestBodyLimit.TooLarge(
                    "the request body is more than " + RequestBodyLimit.describe(limit) + ", the body size limit (" + RequestBodyLimit.LIMIT_KEY + ")")));
        });
        String encoding = context.getHeaders().getFirst(HttpHeaders.CONTENT_ENCODING);
        if (ContentDecoding.isIdentity(encoding)) {
            context.setInputStream(body);
        } else {
            try {
                context.setInputStream(new ByteArrayInputStream(ContentDecoding.decode(encoding, body, limit)));
            } catch (QuireException e) {
                RequestBodyLimit.closeAfterResponse(routing); // the rest of the compressed body is not read
                throw new WebApplicationException(HttpErrors.toResponse(e));
            }
            context.getHeaders().remove(HttpHeaders.CONTENT_ENCODING);
        }
        return context.proceed();
    }
}
