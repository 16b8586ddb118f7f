package dev.quire.inference.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import dev.quire.common.QuireException;
import dev.quire.inference.repository.QueuePolicy;
import dev.quire.inference.repository.SchedulingConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The threaded scheduler over a fake engine that decodes one token per permit the test hands out,
 * so "one decoding step" is exact. Waits are liveness bounds (30 s), never speed assertions.
 */
class BatchingSchedulerTest {

    /** A generation job: how many tokens to produce; completes with the tokens produced. */
    static final class Job {
        final int tokens;
        final CompletableFuture<Integer> result = new CompletableFuture<>();
        final CountDownLatch started = new CountDownLatch(1);

        Job(int tokens) {
            this.tokens = tokens;
        }
    }

    /** Decodes one token per permit; checks the cancel flag between tokens as the llama.cpp engine does. */
    static final class StepEngine implements BatchRunner<Job> {
        final Semaphore steps = new Semaphore(0);

        @Override
        public void run(List<ScheduledRequest<Job>> batch) {
            ScheduledRequest<Job> request = batch.get(0);
            Job job = request.payload();
            job.started.countDown();
            int produced = 0;
            while (produced < job.tokens) {
                steps.acquireUninterruptibly();
                if (request.isCancelled()) {
                    job.result.completeExceptionally(new RequestCancelledException("cancelled after " + produced + " tokens"));
                    return;
                }
                produced++;
            }
            job.result.complete(produced);
        }

        @Override
        public void fail(ScheduledRequest<Job> request, QuireException failure) {
            request.payload().result.completeExceptionally(failure);
        }
    }

    private final StepEngine engine = new StepEngine();
    private BatchingScheduler<Job> scheduler;

    private BatchingScheduler<Job> start(int slots) {
        SchedulingConfig config = new SchedulingConfig(List.of(), Optional.empty(), false, 1, 1, Optional.empty(), QueuePolicy.defaults(), Map.of());
        SchedulerCore<Job> core = new SchedulerCore<>("m", config, slots, Optional.empty(), Ticker.SYSTEM);
        scheduler = new BatchingScheduler<>(core, slots, engine, SchedulerListener.none(), Ticker.SYSTEM);
        return scheduler;
    }

    @AfterEach
    void close() {
        engine.steps.release(1_000_000);
        if (scheduler != null) {
            scheduler.close();
        }
    }

    private static Throwable failureOf(CompletableFuture<?> future) throws Exception {
        try {
            future.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure, got " + future.getNow(null));
    }

    @Test
    void queuedRequestTimesOutWhileTheRunningRequestIsStillDecoding() throws Exception {
        BatchingScheduler<Job> s = start(1);
        Job running = new Job(1_000);
        s.enqueue(RequestSpec.simple("long"), running);
        assertTrue(running.started.await(30, TimeUnit.SECONDS));

        Job waiting = new Job(1);
        s.enqueue(RequestSpec.simple("short").withTimeout(Duration.ofMillis(20)), waiting);

        Throwable failure = failureOf(waiting.result);
        assertInstanceOf(QuireException.DeadlineExceeded.class, failure);
        assertTrue(failure.getMessage().contains("timeout of 20000 us"), failure.getMessage());
        assertFalse(running.result.isDone(), "answered while the long request still runs (no token was decoded)");
        assertEquals(1, s.inFlight());
    }

    @Test
    void cancellingARunningRequestFreesItsSlotWithinOneDecodingStep() throws Exception {
        BatchingScheduler<Job> s = start(1);
        Job a = new Job(1_000);
        ScheduledRequest<Job> handle = s.enqueue(RequestSpec.simple("a"), a);
        assertTrue(a.started.await(30, TimeUnit.SECONDS));
        Job b = new Job(1);
        s.enqueue(RequestSpec.simple("b"), b);

        s.cancel(handle);
        engine.steps.release(1); // exactly one decoding step
        assertTrue(b.started.await(30, TimeUnit.SECONDS), "the next request got the slot after one step");
        assertInstanceOf(RequestCancelledException.class, failureOf(a.result));
        assertTrue(failureOf(a.result).getMessage().contains("after 0 tokens"));
    }

    @Test
    void cancellingAQueuedRequestAnswersItAtOnce() throws Exception {
        BatchingScheduler<Job> s = start(1);
        Job a = new Job(1_000);
        s.enqueue(RequestSpec.simple("a"), a);
        assertTrue(a.started.await(30, TimeUnit.SECONDS));
        Job b = new Job(1);
        ScheduledRequest<Job> handle = s.enqueue(RequestSpec.simple("b"), b);

        s.cancel(handle);
        assertTrue(b.result.isCompletedExceptionally(), "answered inside cancel(), before any decoding step");
        assertInstanceOf(RequestCancelledException.class, failureOf(b.result));
        assertEquals(0, s.pending());
        assertEquals(1, b.started.getCount(), "never ran");
    }

    @Test
    void everyRequestIsAnsweredAndSlotsAreReused() throws Exception {
        BatchingScheduler<Job> s = start(2);
        List<Job> jobs = java.util.stream.IntStream.range(0, 20).mapToObj(i -> new Job(3)).toList();
        jobs.forEach(j -> s.enqueue(RequestSpec.simple("j"), j));
        engine.steps.release(60);
        for (Job j : jobs) {
            assertEquals(3, j.result.get(30, TimeUnit.SECONDS));
        }
        // the slot is handed back just after the answer: wait for the bookkeeping, not for speed
        for (int i = 0; i < 3000 && s.inFlight() > 0; i++) {
            Thread.sleep(10);
        }
        assertEquals(0, s.inFlight());
    }
}
