package dev.quire.common.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;

/**
 * Closes an HTTP/1.x connection after a refused request only once the client has stopped sending
 * its body. Many clients write the whole body before they read (Python's requests, Triton's Python
 * HTTP client); closing a socket that still has unread bytes makes the kernel reset the connection,
 * and the reset can throw away the answer before the client reads it, so the client saw "connection
 * reset" instead of the 413 that says what the limit is. As nginx's lingering close, the rest of the
 * body is read and dropped until it ends, until the client pauses for {@link #IDLE_MILLIS}, or for at
 * most {@link #MAX_MILLIS} in all (nginx's lingering_timeout and lingering_time are 5 s and 30 s).
 */
final class LingeringClose {

    static final long IDLE_MILLIS = 2_000;
    static final long MAX_MILLIS = 30_000;

    private final Vertx vertx;
    private final HttpConnection connection;
    private final long maxTimer;
    private long idleTimer;
    private boolean closed;

    private LingeringClose(Vertx vertx, HttpConnection connection) {
        this.vertx = vertx;
        this.connection = connection;
        this.maxTimer = vertx.setTimer(MAX_MILLIS, id -> close());
        this.idleTimer = vertx.setTimer(IDLE_MILLIS, id -> close());
    }

    /** Call on the request's event loop once the answer has been sent. */
    static void afterAnswer(Vertx vertx, HttpServerRequest request) {
        if (request.isEnded()) {
            request.connection().close();
            return;
        }
        LingeringClose linger = new LingeringClose(vertx, request.connection());
        request.handler(dropped -> linger.stillSending());
        request.endHandler(ended -> linger.close());
        request.exceptionHandler(failed -> linger.close());
        request.resume(); // the endpoint may have stopped reading with the body paused
    }

    private void stillSending() {
        if (!closed) {
            vertx.cancelTimer(idleTimer);
            idleTimer = vertx.setTimer(IDLE_MILLIS, id -> close());
        }
    }

    private void close() {
        if (!closed) {
            closed = true;
            vertx.cancelTimer(idleTimer);
            vertx.cancelTimer(maxTimer);
            connection.close();
        }
    }
}
