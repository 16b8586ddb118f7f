package dev.quire.inference.grpc;

import java.util.Optional;

import io.grpc.Context;
import io.grpc.Deadline;

/**
 * The client of one gRPC call, as the scheduler needs it: when it stops waiting (its deadline) and
 * whether it went away. grpc-java attaches the call's {@link Context} only to the thread that runs
 * the service method, so {@link #current()} must be called there, before any hop to a worker.
 */
final class GrpcCaller {

    private final Context context;

    private GrpcCaller(Context context) {
        this.context = context;
    }

    /** The caller of the call whose service method runs on this thread. */
    static GrpcCaller current() {
        return new GrpcCaller(Context.current());
    }

    /** The call's deadline as the server sees it; empty when the client set none. */
    Optional<Deadline> deadline() {
        return Optional.ofNullable(context.getDeadline());
    }

    /**
     * Runs {@code cancel} once the client cancels the call or disconnects (at once if it already
     * has). Not when the server sees the deadline pass: the scheduler gives the request up at that
     * same moment itself and answers DEADLINE_EXCEEDED, which a cancel would turn into CANCELLED.
     * (A grpc-java client whose own deadline fires resets the stream as a plain cancel, which may
     * reach us first; then the request is given up as cancelled, just as promptly.)
     */
    void onCancel(Runnable cancel) {
        Runnable guarded = unlessDeadlinePassed(cancel);
        context.addListener(c -> guarded.run(), Runnable::run);
    }

    /**
     * {@code cancel}, skipped once the call's deadline has passed: the scheduler then gives the
     * request up itself and answers DEADLINE_EXCEEDED, which a cancel would turn into CANCELLED.
     */
    Runnable unlessDeadlinePassed(Runnable cancel) {
        return () -> {
            if (!deadlinePassed()) {
                cancel.run();
            }
        };
    }

    /** Whether the call's deadline has passed. */
    boolean deadlinePassed() {
        Deadline deadline = context.getDeadline();
        return deadline != null && deadline.isExpired();
    }
}
