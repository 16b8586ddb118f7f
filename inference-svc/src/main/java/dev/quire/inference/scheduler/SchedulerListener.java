package dev.quire.inference.scheduler;

import java.util.List;

/** Observes a scheduler's life for statistics and metrics; called outside the scheduler's lock. */
public interface SchedulerListener<P> {

    SchedulerListener<Object> NONE = new SchedulerListener<>() {
    };

    /** A batch starts executing after its requests waited in the queue. */
    default void batchStarted(List<ScheduledRequest<P>> batch, long startNanos) {
    }

    /** The batch's execution ended (each request answered by the runner). */
    default void batchFinished(List<ScheduledRequest<P>> batch, long startNanos, long endNanos) {
    }

    @SuppressWarnings("unchecked")
    static <P> SchedulerListener<P> none() {
        return (SchedulerListener<P>) NONE;
    }
}
