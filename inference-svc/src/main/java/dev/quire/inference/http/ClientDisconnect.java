package dev.quire.inference.http;

import io.vertx.core.http.HttpServerResponse;

/**
 * Takes a request back when its client's connection closes before the answer is written. Quarkus
 * REST cancels a returned Uni or Multi on close as well, but it watches the connection only after
 * subscribing, that is after the request is queued: a client gone in between would leave its
 * request queued, or generating, to the end.
 */
final class ClientDisconnect {

    private ClientDisconnect() {
    }

    /**
     * Runs {@code cancel} when the connection closes, or at once when it already has. It may run
     * along with Quarkus' own cancellation; taking a request back twice is harmless.
     */
    static void onClose(HttpServerResponse response, Runnable cancel) {
        // Vert.x calls a response's exception handler when the connection closes before the end;
        // its close handler is Quarkus REST's and would be replaced.
        response.exceptionHandler(e -> cancel.run());
        // Checked after the handler is in place, under the connection's lock: a close either
        // happened before (seen here) or comes after and finds the handler.
        if (response.closed()) {
            cancel.run();
        }
    }
}
