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
import java.util.concurrent.CopyOnWriteArrayList;
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
        final String name;
        final int tokens;
        final CompletableFuture<Integer> result = new CompletableFuture<>();
        final CountDownLatch started = new CountDownLatch(1);
        /** Counted down when the engine is done with the job (answer handed over or failed). */
        final CountDownLatch ran = new CountDownLatch(1);

        Job(String name, int tokens) {
            this.name = name;
            this.tokens = tokens;
        }
    }

    /** Names of jobs in the order their answers (or failures) reached the client. */
    private final List<String> delivered = new CopyOnWriteArrayList<>();

    /**
     * Decodes one token per permit; checks the cancel flag between tokens as the llama.cpp engine
     * does, and answers through the scheduler's {@link Responses} as the real runners do.
     */
    final class StepEngine implements BatchRunner<Job> {
        final Semaphore steps = new Semaphore(0);

        @Override
        public void run(List<ScheduledRequest<Job>> batch, Responses responses) {
            ScheduledRequest<Job> request = batch.get(0);
            Job job = request.payload();
            job.started.countDown();
            int produced = 0;
            while (produced < job.tokens) {
                steps.acquireUninterruptibly();
                if (request.isCancelled()) {
                    fail(request, request.deadlinePassed()
                            ? new QuireException.DeadlineExceeded("deadline passed after " + produced + " tokens")
                            : new RequestCancelledException("cancelled after " + produced + " tokens"));
                    job.ran.countDown();
                    return;
                }
                produced++;
            }
            int answer = produced;
            responses.send(request, () -> {
                delivered.add(job.name);
                job.result.complete(answer);
            }, true);
            job.ran.countDown();
        }

        @Override
        public void fail(ScheduledRequest<Job> request, QuireException failure) {
            delivered.add(request.payload().name);
            request.payload().result.completeExceptionally(failure);
        }
    }

    private final StepEngine engine = new StepEngine();
    private BatchingScheduler<Job> scheduler;

    private BatchingScheduler<Job> start(int slots) {
        return start(slots, false);
    }

    private BatchingScheduler<Job> start(int slots, boolean preserveOrdering) {
        SchedulingConfig config = new SchedulingConfig(List.of(), Optional.empty(), preserveOrdering, 1, 1, Optional.empty(),
                QueuePolicy.defaults(), Map.of());
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
        Job running = new Job("long", 1_000);
        s.enqueue(RequestSpec.simple("long"), running);
        assertTrue(running.started.await(30, TimeUnit.SECONDS));

        Job waiting = new Job("short", 1);
        s.enqueue(RequestSpec.simple("short").withTimeout(Duration.ofMillis(20)), waiting);

        Throwable failure = failureOf(waiting.result);
        assertInstanceOf(QuireException.DeadlineExceeded.class, failure);
        assertTrue(failure.getMessage().contains("timeout of 20000 us"), failure.getMessage());
        assertFalse(running.result.isDone(), "answered while the long request still runs (no token was decoded)");
        assertEquals(1, s.inFlight());
    }

    @Test
    void aQueuedRequestWithAnEarlierTimeoutThanTheDriverPlannedForTimesOutOnTime() throws Exception {
        BatchingScheduler<Job> s = start(1);
        Job running = new Job("long", 1_000);
        s.enqueue(RequestSpec.simple("long"), running);
        assertTrue(running.started.await(30, TimeUnit.SECONDS));
        // The driver now sleeps until the first waiting request's timeout, a minute away...
        Job patient = new Job("patient", 1);
        s.enqueue(RequestSpec.simple("patient").withTimeout(Duration.ofMinutes(1)), patient);
        Thread.sleep(50);
        // ...and must be woken for a request that times out sooner.
        Job hurried = new Job("hurried", 1);
        long queued = System.nanoTime();
        s.enqueue(RequestSpec.simple("hurried").withTimeout(Duration.ofMillis(20)), hurried);

        assertInstanceOf(QuireException.DeadlineExceeded.class, failureOf(hurried.result));
        long waitedMillis = (System.nanoTime() - queued) / 1_000_000;
        assertTrue(waitedMillis < 10_000, "answered after " + waitedMillis + " ms, not at its 20 ms timeout");
        assertFalse(patient.result.isDone(), "the request with the later timeout still waits");
    }

    @Test
    void cancellingARunningRequestFreesItsSlotWithinOneDecodingStep() throws Exception {
        BatchingScheduler<Job> s = start(1);
        Job a = new Job("a", 1_000);
        ScheduledRequest<Job> handle = s.enqueue(RequestSpec.simple("a"), a);
        assertTrue(a.started.await(30, TimeUnit.SECONDS));
        Job b = new Job("b", 1);
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
        Job a = new Job("a", 1_000);
        s.enqueue(RequestSpec.simple("a"), a);
        assertTrue(a.started.await(30, TimeUnit.SECONDS));
        Job b = new Job("b", 1);
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
        List<Job> jobs = java.util.stream.IntStream.range(0, 20).mapToObj(i -> new Job("j" + i, 3)).toList();
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

    // ---- preserve_ordering ----------------------------------------------------------------

    /** Request 1 holds a slot; request 2 arrives later and finishes at once on the other slot. */
    private Job[] laterRequestFinishesFirst(BatchingScheduler<Job> s) throws InterruptedException {
        Job first = new Job("first", 1_000);
        s.enqueue(RequestSpec.simple("first"), first);
        assertTrue(first.started.await(30, TimeUnit.SECONDS));
        Job second = new Job("second", 0);
        s.enqueue(RequestSpec.simple("second"), second);
        assertTrue(second.ran.await(30, TimeUnit.SECONDS), "the second request finished on the other slot");
        return new Job[] {first, second};
    }

    @Test
    void withPreserveOrderingALaterAnswerWaitsForTheEarlierOne() throws Exception {
        BatchingScheduler<Job> s = start(2, true);
        Job[] jobs = laterRequestFinishesFirst(s);

        assertFalse(jobs[1].result.isDone(), "the second answer waits while the first request still decodes");
        assertEquals(List.of(), delivered);
        engine.steps.release(1_000);
        assertEquals(1_000, jobs[0].result.get(30, TimeUnit.SECONDS));
        assertEquals(0, jobs[1].result.get(30, TimeUnit.SECONDS));
        assertEquals(List.of("first", "second"), delivered);
    }

    @Test
    void withoutPreserveOrderingALaterAnswerLeavesAtOnce() throws Exception {
        BatchingScheduler<Job> s = start(2, false);
        Job[] jobs = laterRequestFinishesFirst(s);

        assertEquals(0, jobs[1].result.get(30, TimeUnit.SECONDS), "answered while the first request still decodes");
        assertFalse(jobs[0].result.isDone());
        assertEquals(List.of("second"), delivered);
    }

    @Test
    void anEarlierRequestCancelledWhileRunningReleasesItsPlaceAtOnce() throws Exception {
        BatchingScheduler<Job> s = start(2, true);
        Job first = new Job("first", 1_000);
        ScheduledRequest<Job> handle = s.enqueue(RequestSpec.simple("first"), first);
        assertTrue(first.started.await(30, TimeUnit.SECONDS));
        Job second = new Job("second", 0);
        s.enqueue(RequestSpec.simple("second"), second);
        assertTrue(second.ran.await(30, TimeUnit.SECONDS));
        assertFalse(second.result.isDone());

        s.cancel(handle);
        engine.steps.release(1); // the first request sees the flag at its next token
        assertInstanceOf(RequestCancelledException.class, failureOf(first.result));
        assertEquals(0, second.result.get(30, TimeUnit.SECONDS), "the cancelled request no longer holds the answer back");
        assertEquals(List.of("first", "second"), delivered);
    }

    @Test
    void earlierRequestsThatTimeOutOrAreCancelledInTheQueueNeverHoldLaterAnswersBack() throws Exception {
        BatchingScheduler<Job> s = start(1, true);
        Job running = new Job("running", 1_000);
        s.enqueue(RequestSpec.simple("running"), running);
        assertTrue(running.started.await(30, TimeUnit.SECONDS));
        Job timesOut = new Job("times-out", 1);
        s.enqueue(RequestSpec.simple("times-out").withTimeout(Duration.ofMillis(1)), timesOut);
        assertInstanceOf(QuireException.DeadlineExceeded.class, failureOf(timesOut.result), "answered at its timeout, not in order");
        Job cancelled = new Job("cancelled", 1);
        ScheduledRequest<Job> cancelledHandle = s.enqueue(RequestSpec.simple("cancelled"), cancelled);
        s.cancel(cancelledHandle);
        assertInstanceOf(RequestCancelledException.class, failureOf(cancelled.result), "answered at once, not in order");
        Job last = new Job("last", 0);
        s.enqueue(RequestSpec.simple("last"), last);

        engine.steps.release(1_000);
        assertEquals(1_000, running.result.get(30, TimeUnit.SECONDS));
        assertEquals(0, last.result.get(30, TimeUnit.SECONDS), "the two dead requests between do not hold the last answer");
        assertEquals(List.of("times-out", "cancelled", "running", "last"), delivered);
    }

    @Test
    void withPreserveOrderingManyRequestsOnTwoSlotsAreAnsweredInArrivalOrder() throws Exception {
        BatchingScheduler<Job> s = start(2, true);
        // Alternating long and short jobs: on two slots the short ones keep finishing first.
        List<Job> jobs = java.util.stream.IntStream.range(0, 20).mapToObj(i -> new Job("j" + i, i % 2 == 0 ? 5 : 0)).toList();
        jobs.forEach(j -> s.enqueue(RequestSpec.simple(j.name), j));
        engine.steps.release(50);
        for (Job j : jobs) {
            j.result.get(30, TimeUnit.SECONDS);
        }
        assertEquals(jobs.stream().map(j -> j.name).toList(), delivered);
    }

    // ---- the client's deadline ------------------------------------------------------------

    @Test
    void aQueuedRequestIsAnsweredAtTheClientsDeadlineWhileTheRunningOneDecodes() throws Exception {
        BatchingScheduler<Job> s = start(1);
        Job running = new Job("long", 1_000);
        s.enqueue(RequestSpec.simple("long"), running);
        assertTrue(running.started.await(30, TimeUnit.SECONDS));

        Job waiting = new Job("waiting", 1);
        s.enqueue(RequestSpec.simple("waiting").withClientDeadline(Duration.ofMillis(20)), waiting);

        Throwable failure = failureOf(waiting.result);
        assertInstanceOf(QuireException.DeadlineExceeded.class, failure);
        assertTrue(failure.getMessage().contains("past the client's deadline"), failure.getMessage());
        assertFalse(running.result.isDone(), "answered while the long request still runs (no token was decoded)");
        assertEquals(0, s.pending(), "it left the queue");
    }

    @Test
    void aRunningRequestPastTheClientsDeadlineFreesItsSlotWithinOneDecodingStep() throws Exception {
        BatchingScheduler<Job> s = start(1);
        Job a = new Job("a", 1_000);
        ScheduledRequest<Job> handle = s.enqueue(RequestSpec.simple("a").withClientDeadline(Duration.ofMillis(20)), a);
        assertTrue(a.started.await(30, TimeUnit.SECONDS));
        Job b = new Job("b", 1);
        s.enqueue(RequestSpec.simple("b"), b);

        // The driver wakes at the deadline and raises the cancel flag; wait for that, not for speed.
        for (int i = 0; i < 3000 && !handle.isCancelled(); i++) {
            Thread.sleep(10);
        }
        assertTrue(handle.deadlinePassed(), "the scheduler stopped the request at its deadline");
        engine.steps.release(1); // exactly one decoding step
        assertTrue(b.started.await(30, TimeUnit.SECONDS), "the next request got the slot after one step");
        Throwable failure = failureOf(a.result);
        assertInstanceOf(QuireException.DeadlineExceeded.class, failure);
        assertTrue(failure.getMessage().contains("after 0 tokens"), failure.getMessage());
    }
}
