package dev.quire.inference.grpc;

import dev.quire.common.QuireException;
import dev.quire.inference.scheduler.QueueFullException;
import dev.quire.inference.scheduler.RequestCancelledException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.jboss.logging.Logger;

/** The one place where failures become gRPC statuses; anything unexpected is INTERNAL and logged. */
final class GrpcErrors {

    private static final Logger LOG = Logger.getLogger(GrpcErrors.class);

    private GrpcErrors() {
    }

    static StatusRuntimeException toStatus(Throwable failure) {
        if (failure instanceof StatusRuntimeException sre) {
            return sre;
        }
        if (failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null) {
            return toStatus(failure.getCause());
        }
        if (failure instanceof QueueFullException) {
            return new Overloaded(Status.RESOURCE_EXHAUSTED.withDescription(failure.getMessage()));
        }
        if (failure instanceof RequestCancelledException) {
            return Status.CANCELLED.withDescription(failure.getMessage()).asRuntimeException();
        }
        if (failure instanceof QuireException qe) {
            Status status = switch (qe.code()) {
                case INVALID_ARGUMENT -> Status.INVALID_ARGUMENT;
                case NOT_FOUND -> Status.NOT_FOUND;
                case DEADLINE_EXCEEDED -> Status.DEADLINE_EXCEEDED;
                case UNAVAILABLE -> Status.UNAVAILABLE;
                default -> Status.INTERNAL;
            };
            if (status == Status.INTERNAL) {
                LOG.error("inference failed", failure);
            }
            return status.withDescription(qe.getMessage()).asRuntimeException();
        }
        LOG.error("unexpected failure while serving an inference request", failure);
        return Status.INTERNAL.withDescription("internal error: " + failure).asRuntimeException();
    }

    /** RESOURCE_EXHAUSTED is an expected answer under overload: like {@link QueueFullException}, it skips the stack trace. */
    private static final class Overloaded extends StatusRuntimeException {
        Overloaded(Status status) {
            super(status);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    /** The text a stream's error_message carries. */
    static String describe(Throwable failure) {
        StatusRuntimeException status = toStatus(failure);
        return status.getStatus().getCode() + ": " + status.getStatus().getDescription();
    }
}
