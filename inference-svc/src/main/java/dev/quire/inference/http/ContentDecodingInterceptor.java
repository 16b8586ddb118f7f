package dev.quire.inference.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import dev.quire.common.QuireException;
import io.quarkus.runtime.configuration.MemorySize;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Decodes gzip- and deflate-compressed request bodies for every REST endpoint, before the body is
 * read as JSON or binary tensor data (whose Inference-Header-Content-Length counts decoded bytes).
 * Done here rather than by Vert.x (quarkus.http.enable-decompression), which answers a body that is
 * not valid gzip by closing the connection without a status, and one that decompresses past the
 * limit with a bare 413; here both get Triton's {"error": ...} naming the problem.
 */
@Provider
public class ContentDecodingInterceptor implements ReaderInterceptor {

    @ConfigProperty(name = ContentDecoding.LIMIT_KEY, defaultValue = "10240K")
    MemorySize maxBodySize;

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        String encoding = context.getHeaders().getFirst(HttpHeaders.CONTENT_ENCODING);
        if (!ContentDecoding.isIdentity(encoding)) {
            try {
                context.setInputStream(new ByteArrayInputStream(ContentDecoding.decode(encoding, context.getInputStream(), maxBodySize.asLongValue())));
            } catch (QuireException e) {
                throw new WebApplicationException(HttpErrors.toResponse(e));
            }
            context.getHeaders().remove(HttpHeaders.CONTENT_ENCODING);
        }
        return context.proceed();
    }
}
