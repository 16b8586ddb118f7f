package dev.quire.gateway.api;

import java.io.IOException;

import dev.quire.common.http.RequestBodyLimit;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Holds a body sent without Content-Length (chunked, or decompressed by the server) to the body
 * limit as the endpoint reads it, counting decoded bytes, and refuses it with the API's 413 naming
 * the limit (ErrorMapper) where Quarkus would end the response without a body.
 */
@Provider
public class RequestBodyLimitInterceptor implements ReaderInterceptor {

    @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
    MemorySize maxBodySize;

    @Inject
    RoutingContext routing;

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        long limit = maxBodySize.asLongValue();
        context.setInputStream(RequestBodyLimit.bounded(context.getInputStream(), limit, () -> {
            RequestBodyLimit.closeAfterResponse(routing);
            return new WebApplicationException("the request body goes past " + RequestBodyLimit.describe(limit)
                    + ", the most the gateway accepts (counted after decompression)", 413);
        }));
        return context.proceed();
    }
}
