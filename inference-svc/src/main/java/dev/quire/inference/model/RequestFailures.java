package dev.quire.inference.model;

import java.util.concurrent.CompletableFuture;

import dev.quire.common.QuireException;
import dev.quire.inference.metrics.ModelStatistics;
import dev.quire.inference.metrics.ModelStatistics.FailureReason;
import dev.quire.inference.scheduler.QueueFullException;
import dev.quire.inference.scheduler.RequestCancelledException;
import dev.quire.inference.scheduler.ScheduledRequest;

/** How a request's failure is counted: once, under Triton's reason for it. */
public final class RequestFailures {

    private RequestFailures() {
    }

    /**
     * Fails {@code result} with {@code failure} and counts it, unless the request was answered
     * already (a runner that throws after answering some requests must not count them twice).
     */
    static void answer(ModelStatistics stats, ScheduledRequest<?> request, CompletableFuture<?> result, QuireException failure) {
        if (result.isDone()) {
            return;
        }
        stats.failed(reason(failure), System.nanoTime() - request.enqueuedNanos());
        result.completeExceptionally(failure);
    }

    /**
     * Counts a request refused before it was queued (malformed, too long, its queue full), so that
     * a burst into a full queue shows as REJECTED and bad input as OTHER, like failures later on.
     *
     * @param arrivedNanos {@link System#nanoTime()} when the request arrived
     */
    public static void refused(ModelStatistics stats, QuireException failure, long arrivedNanos) {
        stats.failed(reason(failure), System.nanoTime() - arrivedNanos);
    }

    /** Refused or out of time: REJECTED; the client went away: CANCELED; the client's error: OTHER; else the engine's: BACKEND. */
    static FailureReason reason(QuireException failure) {
        if (failure instanceof RequestCancelledException) {
            return FailureReason.CANCELED;
        }
        if (failure instanceof QueueFullException || failure instanceof QuireException.DeadlineExceeded) {
            return FailureReason.REJECTED;
        }
        return failure instanceof QuireException.InvalidRequest ? FailureReason.OTHER : FailureReason.BACKEND;
    }
}
