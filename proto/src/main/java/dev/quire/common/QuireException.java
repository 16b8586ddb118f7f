package dev.quire.common;

import dev.quire.proto.events.Failure;

/**
 * Base of every failure a Quire service reports on purpose. Each subclass names one kind of
 * problem; the boundary (Kafka reply, HTTP, gRPC) maps {@link #code()} to its own status once.
 */
public class QuireException extends RuntimeException {

    private final Failure.Code code;

    public QuireException(Failure.Code code, String message) {
        super(message);
        this.code = code;
    }

    public QuireException(Failure.Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /**
     * For failures that are an expected answer under load (a full queue): capturing the stack
     * costs more than the rest of the rejection, and the stack says nothing a reader needs.
     */
    protected QuireException(Failure.Code code, String message, boolean withStackTrace) {
        super(message, null, true, withStackTrace);
        this.code = code;
    }

    public Failure.Code code() {
        return code;
    }

    /** The request itself is wrong (empty, too large, unparsable). */
    public static class InvalidRequest extends QuireException {
        public InvalidRequest(String message) {
            super(Failure.Code.INVALID_ARGUMENT, message);
        }
    }

    /** Something the request names does not exist. */
    public static class NotFound extends QuireException {
        public NotFound(String message) {
            super(Failure.Code.NOT_FOUND, message);
        }
    }

    /** A dependency (inference-svc, a database, Kafka) cannot be reached right now. */
    public static class Unavailable extends QuireException {
        public Unavailable(String message, Throwable cause) {
            super(Failure.Code.UNAVAILABLE, message, cause);
        }
    }

    /** The request's deadline passed before the work finished. */
    public static class DeadlineExceeded extends QuireException {
        public DeadlineExceeded(String message) {
            super(Failure.Code.DEADLINE_EXCEEDED, message);
        }
    }
}
