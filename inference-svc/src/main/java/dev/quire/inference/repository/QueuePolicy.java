package dev.quire.inference.repository;

import java.time.Duration;
import java.util.Optional;

/**
 * The policy of one priority level's queue (Triton's ModelQueuePolicy).
 *
 * @param timeoutAction        what happens when a request's queue timeout passes
 * @param defaultTimeout       queue timeout of requests that do not set their own; empty: none
 * @param allowTimeoutOverride whether a request's {@code timeout} parameter may shorten the default (never lengthen it, as in Triton)
 * @param maxQueueSize         most requests waiting at this level; empty: unbounded
 */
public record QueuePolicy(TimeoutAction timeoutAction, Optional<Duration> defaultTimeout, boolean allowTimeoutOverride,
                          Optional<Integer> maxQueueSize) {

    /**
     * The longest duration a model config's *_microseconds field or a request's timeout may give: one
     * day. A longer wait is no limit in practice, and the bound keeps deadline arithmetic (arrival +
     * duration in nanoseconds) from overflowing.
     */
    public static final long MAX_DURATION_MICROSECONDS = 86_400_000_000L;

    /**
     * Triton's defaults, except that a request's own timeout is honoured (Triton needs
     * allow_timeout_override=true for that; Quire's clients send deadlines, so it is on by default).
     */
    public static QueuePolicy defaults() {
        return new QueuePolicy(TimeoutAction.REJECT, Optional.empty(), true, Optional.empty());
    }

    /** The queue timeout of a request that asked for {@code requested}, if any. */
    public Optional<Duration> timeoutFor(Optional<Duration> requested) {
        if (!allowTimeoutOverride || requested.isEmpty()) {
            return defaultTimeout;
        }
        if (defaultTimeout.isPresent() && defaultTimeout.get().compareTo(requested.get()) < 0) {
            return defaultTimeout;
        }
        return requested;
    }
}
