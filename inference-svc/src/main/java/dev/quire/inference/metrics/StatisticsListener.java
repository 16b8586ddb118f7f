package dev.quire.inference.metrics;

import java.util.List;

import dev.quire.inference.scheduler.ScheduledRequest;
import dev.quire.inference.scheduler.SchedulerListener;

/** Feeds queue and compute durations of a model's scheduler into its statistics. */
public final class StatisticsListener<P> implements SchedulerListener<P> {

    private final ModelStatistics stats;

    public StatisticsListener(ModelStatistics stats) {
        this.stats = stats;
    }

    @Override
    public void batchStarted(List<ScheduledRequest<P>> batch, long startNanos) {
        for (ScheduledRequest<P> r : batch) {
            stats.queue.add(startNanos - r.enqueuedNanos());
        }
    }

    @Override
    public void batchFinished(List<ScheduledRequest<P>> batch, long startNanos, long endNanos) {
        stats.batchExecuted(batch.stream().mapToInt(ScheduledRequest::size).sum(), endNanos - startNanos);
    }
}
