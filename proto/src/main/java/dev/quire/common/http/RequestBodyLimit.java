package dev.quire.common.http;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import java.util.function.Supplier;

import dev.quire.common.QuireException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Holds request bodies to quarkus.http.limits.max-body-size with an answer that says so. Quarkus
 * enforces that limit itself with an empty 413: at once for a declared Content-Length, and while
 * RESTEasy Reactive reads a chunked body. A service that installs this takes both over: a declared
 * length over the limit gets the service's own refusal before Quarkus' check, and for a body of
 * undeclared length Quarkus' per-request limit is lifted, so that the service's ReaderInterceptor
 * counts the bytes sent with {@link #bounded} (and the decoded ones with {@link ContentDecoding})
 * and refuses with its own message.
 */
public final class RequestBodyLimit {

    /** The Quarkus setting that holds the limit (its default: 10240K). */
    public static final String LIMIT_KEY = "quarkus.http.limits.max-body-size";

    /** A body over the limit (HTTP 413). */
    public static final class TooLarge extends QuireException.InvalidRequest {
        public TooLarge(String message) {
            super(message);
        }
    }

    /** Before Quarkus' own body-size check (route order -2), which ends the response without a body. */
    static final int DECLARED_LENGTH_ORDER = -3;
    /** Marks a request whose connection is already set to close after the response. */
    private static final String CLOSING = RequestBodyLimit.class.getName() + ".closing";
    /** After that check has put its per-request limit (order -2), long before an endpoint reads. */
    static final int LIFT_ORDER = -1;
    /**
     * Where Quarkus leaves the limit for a body without Content-Length
     * (org.jboss.resteasy.reactive.server.vertx.VertxInputStream.MAX_REQUEST_SIZE_KEY, which ends the
     * response with an empty 413 when the count passes it). The services' tests send such bodies.
     */
    static final String QUARKUS_LIMIT_KEY = "io.quarkus.max-request-size";

    /** Writes the service's error body for a body whose declared length is over the limit. */
    @FunctionalInterface
    public interface Refusal {
        void refuse(RoutingContext context, long declaredLength);
    }

    private RequestBodyLimit() {
    }

    /**
     * @param limit   the most bytes a body may have
     * @param refusal answers a declared length over {@code limit}; it must end the response
     */
    public static void install(Router router, long limit, Refusal refusal) {
        router.route().order(DECLARED_LENGTH_ORDER).handler(context -> {
            Long declared = declaredLength(context.request().getHeader(HttpHeaders.CONTENT_LENGTH));
            if (declared != null && declared > limit) {
                closeAfterResponse(context);
                refusal.refuse(context, declared);
                return;
            }
            context.next();
        });
        router.route().order(LIFT_ORDER).handler(context -> {
            context.remove(QUARKUS_LIMIT_KEY);
            context.next();
        });
    }

    /**
     * The body an endpoint reads: the bytes sent, held to {@code limit} ({@code sentTooLarge} past
     * it), decoded when the Content-Encoding asks for it (the decoded bytes held to {@code limit}
     * too). Every refusal, now or while the endpoint reads, closes the connection after the answer.
     *
     * @param limitName how a refusal names the limit, e.g. "the most the gateway accepts"
     * @throws QuireException.InvalidRequest a {@link ContentDecoding#decode} refusal
     */
    public static InputStream readable(InputStream sent, String contentEncoding, long limit, String limitName, RoutingContext routing,
                                       Supplier<RuntimeException> sentTooLarge) throws IOException {
        InputStream body = bounded(sent, limit, () -> {
            closeAfterResponse(routing);
            return sentTooLarge.get();
        });
        if (ContentDecoding.isIdentity(contentEncoding)) {
            return body;
        }
        try {
            return new ByteArrayInputStream(ContentDecoding.decode(contentEncoding, body, limit, limitName));
        } catch (QuireException e) {
            closeAfterResponse(routing); // the rest of the compressed body is not read
            throw e;
        }
    }

    /**
     * {@code body}, failing with {@code tooLarge} when a read goes past {@code limit} bytes (one
     * byte more than the limit is read to tell "exactly the limit" from "more"). The refusal should
     * {@link #closeAfterResponse close the connection}: the rest of the body is unread. Closing it
     * reads the rest through the count, or, once refused, leaves the rest alone: Quarkus' body
     * stream, closed by a reader such as Jackson's even when it fails, would read every byte left,
     * uncounted and for as long as the client kept sending.
     */
    public static InputStream bounded(InputStream body, long limit, Supplier<RuntimeException> tooLarge) {
        return new FilterInputStream(body) {
            private long read;
            private boolean refused;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    count(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    count(n);
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long skipped = super.skip(n);
                count(skipped);
                return skipped;
            }

            @Override
            public void close() throws IOException {
                if (!refused) {
                    transferTo(OutputStream.nullOutputStream());
                    super.close();
                }
            }

            private void count(long n) {
                read += n;
                if (read > limit) {
                    refused = true;
                    throw tooLarge.get();
                }
            }
        };
    }

    /**
     * On HTTP/1.x the connection closes once the response has gone out and the client has stopped
     * sending the rest of the body ({@link LingeringClose}). HTTP/2 ends just this stream (a
     * Connection header is not allowed there, and the connection carries other streams). The
     * request is taken now: the end handler may run after the request's scope has ended. Calling it
     * again for the same request changes nothing.
     */
    public static void closeAfterResponse(RoutingContext context) {
        if (context.request().version() != HttpVersion.HTTP_2 && context.get(CLOSING) == null) {
            context.put(CLOSING, Boolean.TRUE);
            HttpServerRequest request = context.request();
            // Called on the event loop or on the worker thread that reads the body, in the request's context either way.
            Context requestContext = Objects.requireNonNullElseGet(Vertx.currentContext(), () -> context.vertx().getOrCreateContext());
            context.response().putHeader(HttpHeaders.CONNECTION, "close");
            context.addEndHandler(ended -> LingeringClose.afterAnswer(requestContext, request, ended.succeeded()));
        }
    }

    /** The bytes as "10485760 bytes (10 MiB)" when whole mebibytes. */
    public static String describe(long bytes) {
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
}
