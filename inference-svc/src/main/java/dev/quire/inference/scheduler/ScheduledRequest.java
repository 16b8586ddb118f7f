package dev.quire.inference.scheduler;

import java.util.OptionalLong;

import dev.quire.inference.repository.TimeoutAction;

/**
 * A request the scheduler accepted. Its fields never change after enqueue except the cancel and
 * deadline flags (any thread) and {@code delayed} (only under the scheduler's lock).
 *
 * @param <P> what the engine needs to run it (prompt, options, where to deliver the answer)
 */
public final class ScheduledRequest<P> {

    private final long sequence;
    private final RequestSpec spec;
    private final int level;
    private final long enqueuedNanos;
    private final OptionalLong deadlineNanos;
    private final OptionalLong clientDeadlineNanos;
    private final TimeoutAction timeoutAction;
    private final P payload;
    private final OptionalLong answerDeadlineNanos;
    private volatile boolean cancelled;
    private volatile boolean deadlinePassed;
    private boolean delayed;

    ScheduledRequest(long sequence, RequestSpec spec, int level, long enqueuedNanos, OptionalLong deadlineNanos,
                     OptionalLong clientDeadlineNanos, TimeoutAction timeoutAction, P payload) {
        this.sequence = sequence;
        this.spec = spec;
        this.level = level;
        this.enqueuedNanos = enqueuedNanos;
        this.deadlineNanos = deadlineNanos;
        this.clientDeadlineNanos = clientDeadlineNanos;
        this.timeoutAction = timeoutAction;
        this.payload = payload;
        this.answerDeadlineNanos = answerDeadline(spec, enqueuedNanos, clientDeadlineNanos, timeoutAction);
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

    /** When the client stops waiting (its gRPC deadline), if it said. */
    public OptionalLong clientDeadlineNanos() {
        return clientDeadlineNanos;
    }

    /**
     * When nobody waits for the answer any more: the earlier of the client's deadline and the
     * request's own {@code timeout} counted from its arrival. Under DELAY the own timeout only
     * reorders the queue, so it does not end the request.
     */
    public OptionalLong answerDeadlineNanos() {
        return answerDeadlineNanos;
    }

    private static OptionalLong answerDeadline(RequestSpec spec, long enqueuedNanos, OptionalLong clientDeadlineNanos, TimeoutAction timeoutAction) {
        OptionalLong own = spec.timeout().isPresent() && timeoutAction == TimeoutAction.REJECT
                ? OptionalLong.of(enqueuedNanos + spec.timeout().get().toNanos())
                : OptionalLong.empty();
        if (own.isEmpty()) {
            return clientDeadlineNanos;
        }
        if (clientDeadlineNanos.isEmpty()) {
            return own;
        }
        return OptionalLong.of(Math.min(own.getAsLong(), clientDeadlineNanos.getAsLong()));
    }

    /** Names the deadline that ends the request, for messages: the client's or its own timeout. */
    public String answerDeadlineSource() {
        boolean client = clientDeadlineNanos.isPresent() && answerDeadlineNanos().getAsLong() == clientDeadlineNanos.getAsLong();
        return client ? "the client's deadline" : "its timeout of " + spec.timeout().map(t -> t.toNanos() / 1000).orElse(0L) + " us";
    }

    TimeoutAction timeoutAction() {
        return timeoutAction;
    }

    /**
     * True once the client cancelled or went away, or the answer deadline passed while the request
     * ran; a running engine stops at its next token.
     */
    public boolean isCancelled() {
        return cancelled;
    }

    /** True when the request was stopped because its {@link #answerDeadlineNanos() answer deadline} passed. */
    public boolean deadlinePassed() {
        return deadlinePassed;
    }

    void markCancelled() {
        cancelled = true;
    }

    /** Stops a running request through the cancel path, remembering why. */
    void markDeadlinePassed() {
        deadlinePassed = true;
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
