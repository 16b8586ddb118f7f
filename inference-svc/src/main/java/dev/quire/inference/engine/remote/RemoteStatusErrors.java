package dev.quire.inference.engine.remote;

import dev.quire.common.QuireException;
import dev.quire.proto.events.Failure;
import io.grpc.Status;

/** A remote Triton's gRPC failure as a Quire failure that names the server and says what to do. */
final class RemoteStatusErrors {

    private RemoteStatusErrors() {
    }

    static QuireException translate(Throwable failure, String target, String model) {
        if (failure instanceof QuireException qe) {
            return qe;
        }
        Status status = Status.fromThrowable(failure);
        String detail = status.getDescription() == null ? status.getCode().name() : status.getDescription();
        String where = "remote Triton at " + target + " (model '" + model + "')";
        return switch (status.getCode()) {
            case UNAVAILABLE -> new QuireException.Unavailable(where + " is unreachable: " + detail, failure);
            case DEADLINE_EXCEEDED -> new QuireException.DeadlineExceeded(where + " did not answer before the deadline: " + detail);
            case INVALID_ARGUMENT, OUT_OF_RANGE -> new QuireException.InvalidRequest(where + " refused the request: " + detail);
            case NOT_FOUND -> new QuireException.Unavailable(where + " does not serve that model: " + detail
                    + "; check the model config's remote model name", failure);
            case RESOURCE_EXHAUSTED -> new QuireException.Unavailable(where + " is overloaded: " + detail, failure);
            case UNAUTHENTICATED, PERMISSION_DENIED -> new QuireException.Unavailable(where + " refused our credentials: " + detail, failure);
            default -> new QuireException(Failure.Code.INTERNAL, where + " failed: " + status.getCode() + " " + detail, failure);
        };
    }
}
