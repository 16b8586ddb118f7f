package dev.quire.inference.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.ExceptionHandler;
import io.quarkus.grpc.ExceptionHandlerProvider;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Replaces Quarkus' default gRPC exception handling, which copies every failed call's status into a
 * new exception with a full stack trace ({@link ExceptionHandlerProvider#toStatusException}): under
 * overload that copy was the largest part of a RESOURCE_EXHAUSTED rejection's cost (measured with
 * async-profiler on the burst benchmark). Failures here already are statuses ({@link GrpcErrors}),
 * so they are passed on as they are; anything else keeps Quarkus' mapping. (The default's mapping of
 * Quarkus security exceptions is left out: the inference port uses no Quarkus security.)
 */
@ApplicationScoped
public class StatusPassingExceptionHandlerProvider implements ExceptionHandlerProvider {

    @Override
    public <ReqT, RespT> ExceptionHandler<ReqT, RespT> createHandler(ServerCall.Listener<ReqT> listener, ServerCall<ReqT, RespT> call,
                                                                      Metadata metadata) {
        return new ClosingHandler<>(listener, call, metadata);
    }

    @Override
    public Throwable transform(Throwable failure) {
        return asStatus(failure);
    }

    private static Throwable asStatus(Throwable failure) {
        boolean isStatus = failure instanceof StatusRuntimeException || failure instanceof StatusException;
        return isStatus ? failure : ExceptionHandlerProvider.toStatusException(failure, false);
    }

    /** Closes the call with the failure's status and trailers, as Quarkus' default handler does. */
    private static final class ClosingHandler<ReqT, RespT> extends ExceptionHandler<ReqT, RespT> {

        ClosingHandler(ServerCall.Listener<ReqT> listener, ServerCall<ReqT, RespT> call, Metadata metadata) {
            super(listener, call, metadata);
        }

        @Override
        protected void handleException(Throwable failure, ServerCall<ReqT, RespT> call, Metadata metadata) {
            Throwable status = asStatus(failure);
            Metadata trailers = Status.trailersFromThrowable(status);
            try {
                call.close(Status.fromThrowable(status), trailers != null ? trailers : metadata);
            } catch (IllegalStateException alreadyClosed) {
                // the call ended meanwhile (the client cancelled): there is nobody left to tell
                if (!"Already closed".equals(alreadyClosed.getMessage())) {
                    throw alreadyClosed;
                }
            }
        }
    }
}
