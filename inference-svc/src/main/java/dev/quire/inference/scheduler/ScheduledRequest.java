package dev.quire.inference.scheduler;

import java.util.OptionalLong;

import dev.quire.inference.repository.TimeoutAction;

/**
 * A request the scheduler accepted. Its fields never change after enqueue except the cancel flag
 * (any thread) and {@code delayed} (only under the scheduler's lock).
 *
 * @param <P> what the engine needs to run it (prompt, options, where to deliver the answer)
 */
public final class ScheduledRequest<P> {

    private final long sequence;
    private final RequestSpec spec;
    private final int level;
    private final long enqueuedNanos;
    private final OptionalLong deadlineNanos;
    private final TimeoutAction timeoutAction;
    private final P payload;
    private volatile boolean cancelled;
    private boolean delayed;

    ScheduledRequest(long sequence, RequestSpec spec, int level, long enqueuedNanos, OptionalLong deadlineNanos,
                     TimeoutAction timeoutAction, P payload) {
        this.sequence = sequence;
        this.spec = spec;
        this.level = level;
        this.enqueuedNanos = enqueuedNanos;
        this.deadlineNanos = deadlineNanos;
        this.timeoutAction = timeoutAction;
        this.payload = payload;
    }

    public P payload() {
        return payload;
    }

    public RequestSpec spec() {
        return spec;
    }

    public String tenant() {
        return spec.tenant();
    }

    /** Priority level the request queues at (1 is highest). */
    public int level() {
        return level;
    }

    public int size() {
        return spec.size();
    }

    public long sequence() {
        return sequence;
    }

    public long enqueuedNanos() {
        return enqueuedNanos;
    }

    /** When its queue timeout passes, if it has one. */
    public OptionalLong deadlineNanos() {
        return deadlineNanos;
    }

    TimeoutAction timeoutAction() {
        return timeoutAction;
    }

    /** True once the client cancelled or went away; a running engine stops at its next token. */
    public boolean isCancelled() {
        return cancelled;
    }

    void markCancelled() {
        cancelled = true;
    }

    boolean delayed() {
        return delayed;
    }

    void markDelayed() {
        delayed = true;
    }

    @Override
    public String toString() {
        return "request#" + sequence + (spec.id().isEmpty() ? "" : "(" + spec.id() + ")");
    }
}
