package dev.quire.inference.http;

import java.util.Map;

import dev.quire.common.QuireException;
import dev.quire.common.http.ContentDecoding;
import dev.quire.common.http.RequestBodyLimit;
import dev.quire.inference.scheduler.QueueFullException;
import dev.quire.inference.scheduler.RequestCancelledException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

/**
 * The one place where failures become HTTP statuses on the KServe v2 REST surface. The body is
 * Triton's {@code {"error": "message"}}, which stock Triton HTTP clients read.
 */
final class HttpErrors {

    private static final Logger LOG = Logger.getLogger(HttpErrors.class);
    /** nginx's "client closed request": the caller went away. */
    static final int CLIENT_CLOSED = 499;

    private HttpErrors() {
    }

    static int status(Throwable failure) {
        if (failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null) {
            return status(failure.getCause());
        }
        if (failure instanceof QueueFullException) {
            return 429;
        }
        if (failure instanceof RequestCancelledException) {
            return CLIENT_CLOSED;
        }
        if (failure instanceof RequestBodyLimit.TooLarge) {
            return 413;
        }
        if (failure instanceof ContentDecoding.Unsupported) {
            return 415;
        }
        if (failure instanceof QuireException q) {
            return switch (q.code()) {
                case INVALID_ARGUMENT -> 400;
                case NOT_FOUND -> 404;
                case DEADLINE_EXCEEDED -> 504;
                case UNAVAILABLE -> 503;
                default -> 500;
            };
        }
        return 500;
    }

    static String message(Throwable failure) {
        if (failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null) {
            return message(failure.getCause());
        }
        return failure instanceof QuireException ? failure.getMessage() : "internal error: " + failure;
    }

    static Response toResponse(Throwable failure) {
        int status = status(failure);
        if (status == 500) {
            LOG.error("inference failed", failure);
        }
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Map.of("error", message(failure))).build();
    }
}
