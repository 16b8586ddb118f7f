package dev.quire.inference.scheduler;

/**
 * The scheduler contract (Triton's Scheduler: enqueue, in-flight count, stop).
 * After {@link #enqueue} returns, the scheduler owns the request and sees it answered through the
 * {@link BatchRunner}; when it throws, the request was not accepted and the caller answers it.
 */
public interface Scheduler<P> extends AutoCloseable {

    ScheduledRequest<P> enqueue(RequestSpec spec, P payload);

    /**
     * Refuses now what {@link #enqueue} would refuse from the scheduling parameters alone (full
     * queue, bad priority, shutting down), so callers can skip costly preparation of a doomed request.
     */
    void checkAdmission(RequestSpec spec);

    /** The client went away: a queued request is answered CANCELLED now, a running one stops at its next token. */
    void cancel(ScheduledRequest<P> request);

    /** Requests queued or running. */
    int inFlight();

    /** Requests waiting in the queues. */
    int pending();

    /** Refuses new requests, answers queued ones UNAVAILABLE, and asks running ones to stop at their next token. */
    @Override
    void close();
}
