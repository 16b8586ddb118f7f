package dev.quire.common.http;

import io.vertx.core.Context;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;

/**
 * Closes an HTTP/1.x connection after a refused request only once the client has stopped sending
 * its body. Many clients write the whole body before they read (Python's requests, Triton's Python
 * HTTP client); closing a socket that still has unread bytes makes the kernel reset the connection,
 * and the reset can throw away the answer before the client reads it, so the client saw "connection
 * reset" instead of the 413 that says what the limit is. As nginx's lingering close, the rest of the
 * body is read and dropped until it ends, until the client pauses for {@link #IDLE_MILLIS}, or for at
 * most {@link #MAX_MILLIS} in all (nginx's lingering_timeout and lingering_time).
 */
final class LingeringClose {

    static final long IDLE_MILLIS = 5_000;
    static final long MAX_MILLIS = 30_000;

    private final Context context;
    private final HttpConnection connection;
    private final long maxTimer;
    private long idleTimer;
    private boolean closed;

    private LingeringClose(Context context, HttpConnection connection) {
        this.context = context;
        this.connection = connection;
        this.maxTimer = context.owner().setTimer(MAX_MILLIS, id -> close());
        this.idleTimer = context.owner().setTimer(IDLE_MILLIS, id -> close());
    }

    /**
     * @param context  the request's Vert.x context: everything here runs on its event loop, while
     *                 the answer may have been ended from a worker thread
     * @param answered false when the answer could not be sent (the connection is gone or broken)
     */
    static void afterAnswer(Context context, HttpServerRequest request, boolean answered) {
        context.runOnContext(onEventLoop -> {
            if (!answered || request.isEnded()) {
                request.connection().close();
                return;
            }
            LingeringClose linger = new LingeringClose(context, request.connection());
            try {
                request.handler(dropped -> linger.stillSending());
                request.endHandler(ended -> linger.close());
                request.exceptionHandler(failed -> linger.close());
                request.resume(); // the endpoint may have stopped reading with the body paused
                if (request.isEnded()) {
                    linger.close(); // the endpoint had read it all; Vert.x ends a request only once
                }
            } catch (RuntimeException e) {
                linger.close(); // Vert.x refuses handlers on a request already read to its end
            }
        });
    }

    private void stillSending() {
        if (!closed) {
            context.owner().cancelTimer(idleTimer);
            idleTimer = context.owner().setTimer(IDLE_MILLIS, id -> close());
        }
    }

    private void close() {
        if (!closed) {
            closed = true;
            context.owner().cancelTimer(idleTimer);
            context.owner().cancelTimer(maxTimer);
            connection.close();
        }
    }
}
