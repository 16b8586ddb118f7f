package dev.quire.inference.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import dev.quire.common.QuireException;
import dev.quire.inference.repository.QueuePolicy;
import dev.quire.inference.repository.SchedulingConfig;
import dev.quire.inference.repository.TimeoutAction;
import org.junit.jupiter.api.Test;

/**
 * The scheduler's decisions step by step with a fake clock; the test plays the engine (it decides
 * when a started batch finishes). Each test fails if its behaviour is removed.
 */
class SchedulerCoreTest {

    private final FakeTicker clock = new FakeTicker();

    private static SchedulingConfig config(int levels, int defaultLevel, Optional<Duration> aging, QueuePolicy policy) {
        return new SchedulingConfig(List.of(), Optional.empty(), false, levels, defaultLevel, aging, policy, Map.of());
    }

    private static SchedulingConfig simple() {
        return config(1, 1, Optional.empty(), QueuePolicy.defaults());
    }

    private SchedulerCore<String> core(SchedulingConfig config, int instances) {
        return new SchedulerCore<>("m", config, instances, Optional.empty(), clock);
    }

    private static List<String> started(Step<String> step) {
        return step.batches().stream().flatMap(List::stream).map(ScheduledRequest::payload).toList();
    }

    @Test
    void fullQueueRejectsAtOnceNamingTheLimit() {
        QueuePolicy bounded = new QueuePolicy(TimeoutAction.REJECT, Optional.empty(), true, Optional.of(2));
        SchedulerCore<String> core = core(config(1, 1, Optional.empty(), bounded), 1);
        core.enqueue(RequestSpec.simple("a"), "a");
        core.enqueue(RequestSpec.simple("b"), "b");

        QueueFullException full = assertThrows(QueueFullException.class, () -> core.enqueue(RequestSpec.simple("c"), "c"));
        assertTrue(full.getMessage().contains("max_queue_size 2"), full.getMessage());
        assertEquals(2, core.pending(), "the refused request was never queued");

        // once one starts, the queue has room again
        assertEquals(List.of("a"), started(core.step()));
        core.enqueue(RequestSpec.simple("c"), "c");
        assertEquals(2, core.pending());
    }

    @Test
    void admissionCheckRefusesAFullQueueBeforeTheRequestIsPrepared() {
        QueuePolicy one = new QueuePolicy(TimeoutAction.REJECT, Optional.empty(), true, Optional.of(1));
        SchedulingConfig config = new SchedulingConfig(List.of(), Optional.empty(), false, 2, 2, Optional.empty(),
                QueuePolicy.defaults(), Map.of(2, one));
        SchedulerCore<String> core = core(config, 1);
        core.checkAdmission(RequestSpec.simple("a"));
        core.enqueue(RequestSpec.simple("a"), "a");

        QueueFullException full = assertThrows(QueueFullException.class, () -> core.checkAdmission(RequestSpec.simple("b")));
        assertTrue(full.getMessage().contains("max_queue_size 1"), full.getMessage());
        core.checkAdmission(RequestSpec.simple("high").withPriority(1));
        assertThrows(dev.quire.common.QuireException.InvalidRequest.class, () -> core.checkAdmission(RequestSpec.simple("bad").withPriority(3)));
        assertEquals(1, core.pending(), "checking admits nothing");

        core.stop();
        assertThrows(dev.quire.common.QuireException.Unavailable.class, () -> core.checkAdmission(RequestSpec.simple("late")));
    }

    @Test
    void queueLimitIsPerPriorityLevel() {
        QueuePolicy one = new QueuePolicy(TimeoutAction.REJECT, Optional.empty(), true, Optional.of(1));
        SchedulingConfig config = new SchedulingConfig(List.of(), Optional.empty(), false, 2, 2, Optional.empty(),
                QueuePolicy.defaults(), Map.of(2, one));
        SchedulerCore<String> core = core(config, 1);
        core.enqueue(RequestSpec.simple("low"), "low");
        QueueFullException full = assertThrows(QueueFullException.class, () -> core.enqueue(RequestSpec.simple("low2"), "low2"));
        assertTrue(full.getMessage().contains("priority level 2"), full.getMessage());
        core.enqueue(RequestSpec.simple("high").withPriority(1), "high");
        core.enqueue(RequestSpec.simple("high2").withPriority(1), "high2");
        assertEquals(3, core.pending());
    }

    @Test
    void cancelledQueuedRequestLeavesTheQueueAtOnce() {
        SchedulerCore<String> core = core(simple(), 1);
        ScheduledRequest<String> a = startOne(core, "a");
        ScheduledRequest<String> b = core.enqueue(RequestSpec.simple("b"), "b");
        ScheduledRequest<String> c = core.enqueue(RequestSpec.simple("c"), "c");

        assertEquals(Optional.of(b), core.cancel(b), "a queued request is handed back to be answered now");
        assertTrue(b.isCancelled());
        assertEquals(1, core.pending());

        core.finished(List.of(a));
        assertEquals(List.of("c"), started(core.step()), "the cancelled request never runs");
        assertFalse(c.isCancelled());
    }

    /** Enqueues a request into an idle core and starts it. */
    private static ScheduledRequest<String> startOne(SchedulerCore<String> core, RequestSpec spec) {
        ScheduledRequest<String> request = core.enqueue(spec, spec.id());
        Step<String> step = core.step();
        assertEquals(List.of(List.of(request)), step.batches());
        return request;
    }

    private static ScheduledRequest<String> startOne(SchedulerCore<String> core, String payload) {
        return startOne(core, RequestSpec.simple(payload));
    }

    @Test
    void cancellingARunningRequestFlagsItAndItsSlotFreesWhenTheEngineStops() {
        SchedulerCore<String> core = core(simple(), 1);
        ScheduledRequest<String> runningA = startOne(core, "a");
        core.enqueue(RequestSpec.simple("b"), "b");

        assertEquals(Optional.empty(), core.cancel(runningA), "a running request is answered by its engine, not here");
        assertTrue(runningA.isCancelled(), "the engine's token loop sees this flag");
        assertEquals(List.of(), started(core.step()), "the slot is still held until the engine stops");

        core.finished(List.of(runningA));
        assertEquals(List.of("b"), started(core.step()));
    }

    @Test
    void cancellingARequestThatEndedChangesNothing() {
        SchedulerCore<String> core = core(simple(), 1);
        ScheduledRequest<String> a = startOne(core, "a");
        core.finished(List.of(a));

        // gRPC reports the end of every call as a cancel, also after the answer went out.
        assertEquals(Optional.empty(), core.cancel(a));
        assertFalse(a.isCancelled(), "an answered request is not counted as cancelled");
        assertEquals(0, core.inFlight());
    }

    @Test
    void queuedRequestTimesOutAtItsDeadlineWhileABatchIsStillRunning() {
        SchedulerCore<String> core = core(simple(), 1);
        ScheduledRequest<String> runningA = startOne(core, "long");
        ScheduledRequest<String> b = core.enqueue(RequestSpec.simple("b").withTimeout(Duration.ofNanos(100_000)), "b");

        Step<String> early = core.step();
        assertEquals(List.of(), early.timedOut());
        assertEquals(OptionalLong.of(b.enqueuedNanos() + 100_000), early.wakeAt(),
                "the step names the moment of the timeout, so the driver wakes then instead of at the batch's end");

        clock.advance(Duration.ofNanos(100_000));
        Step<String> atDeadline = core.step();
        assertEquals(List.of(b), atDeadline.timedOut());
        assertEquals(1, core.running(), "the long batch is still running");
        assertEquals(0, core.pending());
    }

    @Test
    void requestTimeoutOverridesTheDefaultOnlyWhenAllowed() {
        QueuePolicy noOverride = new QueuePolicy(TimeoutAction.REJECT, Optional.of(Duration.ofMillis(5)), false, Optional.empty());
        SchedulerCore<String> core = core(config(1, 1, Optional.empty(), noOverride), 1);
        ScheduledRequest<String> runningA = startOne(core, "long");
        ScheduledRequest<String> b = core.enqueue(RequestSpec.simple("b").withTimeout(Duration.ofMillis(1)), "b");
        assertEquals(b.enqueuedNanos() + Duration.ofMillis(5).toNanos(), b.deadlineNanos().getAsLong());

        QueuePolicy override = new QueuePolicy(TimeoutAction.REJECT, Optional.of(Duration.ofMillis(5)), true, Optional.empty());
        SchedulerCore<String> core2 = core(config(1, 1, Optional.empty(), override), 1);
        ScheduledRequest<String> c = core2.enqueue(RequestSpec.simple("c").withTimeout(Duration.ofMillis(1)), "c");
        assertEquals(c.enqueuedNanos() + Duration.ofMillis(1).toNanos(), c.deadlineNanos().getAsLong());
        ScheduledRequest<String> d = core2.enqueue(RequestSpec.simple("d").withTimeout(Duration.ofMillis(50)), "d");
        assertEquals(d.enqueuedNanos() + Duration.ofMillis(5).toNanos(), d.deadlineNanos().getAsLong(),
                "as in Triton, a request may shorten the default timeout but not lengthen it");
    }

    @Test
    void delayedRequestMovesBehindEveryUndelayedOne() {
        QueuePolicy delay = new QueuePolicy(TimeoutAction.DELAY, Optional.empty(), true, Optional.empty());
        SchedulerCore<String> core = core(config(1, 1, Optional.empty(), delay), 1);
        ScheduledRequest<String> runningA = startOne(core, "long");
        core.enqueue(RequestSpec.simple("late").withTimeout(Duration.ofMillis(1)), "late");
        clock.advance(Duration.ofMillis(2));
        assertEquals(List.of(), core.step().timedOut(), "DELAY keeps the request");
        core.enqueue(RequestSpec.simple("fresh"), "fresh");

        core.finished(List.of(runningA));
        Step<String> next = core.step();
        assertEquals(List.of("fresh"), started(next), "the delayed request yields to one that arrived after it");
        core.finished(next.batches().get(0));
        assertEquals(List.of("late"), started(core.step()), "but it still runs");
    }

    @Test
    void higherPriorityRunsFirstAndPriorityIsChecked() {
        SchedulerCore<String> core = core(config(3, 2, Optional.empty(), QueuePolicy.defaults()), 1);
        ScheduledRequest<String> runningA = startOne(core, "running");
        core.enqueue(RequestSpec.simple("low").withPriority(3), "low");
        core.enqueue(RequestSpec.simple("normal"), "normal");
        core.enqueue(RequestSpec.simple("high").withPriority(1), "high");

        core.finished(List.of(runningA));
        Step<String> s1 = core.step();
        assertEquals(List.of("high"), started(s1));
        core.finished(s1.batches().get(0));
        Step<String> s2 = core.step();
        assertEquals(List.of("normal"), started(s2), "no priority means the default level 2");

        QuireException bad = assertThrows(QuireException.InvalidRequest.class, () -> core.enqueue(RequestSpec.simple("x").withPriority(4), "x"));
        assertTrue(bad.getMessage().contains("1..3"), bad.getMessage());
    }

    @Test
    void agingLetsALowPriorityRequestOvertakeNewerHighPriorityOnes() {
        SchedulerCore<String> aging = core(config(3, 2, Optional.of(Duration.ofMillis(1)), QueuePolicy.defaults()), 1);
        SchedulerCore<String> strict = core(config(3, 2, Optional.empty(), QueuePolicy.defaults()), 1);
        ScheduledRequest<String> busyA = startOne(aging, RequestSpec.simple("busy").withPriority(1));
        ScheduledRequest<String> busyS = startOne(strict, RequestSpec.simple("busy").withPriority(1));
        for (SchedulerCore<String> core : List.of(aging, strict)) {
            core.enqueue(RequestSpec.simple("old-low").withPriority(3), "old-low");
        }
        clock.advance(Duration.ofMillis(2)); // two aging intervals: level 3 -> 1
        for (SchedulerCore<String> core : List.of(aging, strict)) {
            core.enqueue(RequestSpec.simple("new-high").withPriority(1), "new-high");
        }
        aging.finished(List.of(busyA));
        strict.finished(List.of(busyS));
        assertEquals(List.of("old-low"), started(aging.step()), "aged to level 1 and older: it goes first");
        assertEquals(List.of("new-high"), started(strict.step()), "without aging strict priority would starve it");
    }

    @Test
    void tenantsShareTheSlotFairly() {
        SchedulerCore<String> core = core(simple(), 1);
        for (int i = 0; i < 4; i++) {
            core.enqueue(RequestSpec.simple("a" + i).withTenant("A"), "a" + i);
        }
        core.enqueue(RequestSpec.simple("b0").withTenant("B"), "b0");
        core.enqueue(RequestSpec.simple("b1").withTenant("B"), "b1");

        StringBuilder order = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            Step<String> step = core.step();
            List<ScheduledRequest<String>> batch = step.batches().get(0);
            order.append(batch.get(0).payload()).append(' ');
            core.finished(batch);
        }
        assertEquals("a0 b0 a1 b1 a2 a3 ", order.toString(), "tenant B does not wait behind all of A's requests");
    }

    @Test
    void tenantWithFewerRunningRequestsGoesFirst() {
        SchedulerCore<String> core = core(simple(), 3);
        core.enqueue(RequestSpec.simple("a0").withTenant("A"), "a0");
        core.enqueue(RequestSpec.simple("a1").withTenant("A"), "a1");
        assertEquals(List.of("a0", "a1"), started(core.step()));
        core.enqueue(RequestSpec.simple("a2").withTenant("A"), "a2");
        core.enqueue(RequestSpec.simple("b0").withTenant("B"), "b0");
        assertEquals(List.of("b0"), started(core.step()), "A already holds two slots");
    }

    @Test
    void continuousBatchingAdmitsAWaitingRequestAsSoonAsASlotFrees() {
        SchedulerCore<String> core = core(simple(), 2);
        for (String p : List.of("a", "b", "c")) {
            core.enqueue(RequestSpec.simple(p), p);
        }
        Step<String> first = core.step();
        assertEquals(List.of("a", "b"), started(first), "each slot takes one request");
        assertEquals(1, core.pending());
        core.finished(first.batches().get(1));
        assertEquals(List.of("c"), started(core.step()), "the freed slot is filled while the other still runs");
        assertEquals(2, core.running());
    }

    @Test
    void dynamicBatcherWaitsForPreferredSizeOrDelay() {
        SchedulingConfig config = new SchedulingConfig(List.of(4), Optional.of(Duration.ofMillis(1)), false, 1, 1, Optional.empty(),
                QueuePolicy.defaults(), Map.of());
        SchedulerCore<String> core = new SchedulerCore<>("m", config, 1, Optional.of(8), clock);
        for (int i = 0; i < 3; i++) {
            core.enqueue(RequestSpec.simple("r" + i), "r" + i);
        }
        Step<String> waiting = core.step();
        assertEquals(List.of(), waiting.batches(), "3 is below the preferred size and the delay has not passed");
        assertTrue(waiting.wakeAt().isPresent(), "the step says when the delay ends");

        core.enqueue(RequestSpec.simple("r3"), "r3");
        Step<String> preferred = core.step();
        assertEquals(List.of("r0", "r1", "r2", "r3"), started(preferred), "preferred size 4 runs at once");
        core.finished(preferred.batches().get(0));

        core.enqueue(RequestSpec.simple("r4").withSize(2), "r4");
        assertEquals(List.of(), core.step().batches());
        clock.advance(Duration.ofMillis(1));
        assertEquals(List.of("r4"), started(core.step()), "the delay passed: the partial batch runs");
    }

    @Test
    void dynamicBatcherFillsUpToMaxBatchSizeAndRejectsLargerRequests() {
        SchedulingConfig config = new SchedulingConfig(List.of(), Optional.of(Duration.ofSeconds(10)), false, 1, 1, Optional.empty(),
                QueuePolicy.defaults(), Map.of());
        SchedulerCore<String> core = new SchedulerCore<>("m", config, 1, Optional.of(8), clock);
        for (int i = 0; i < 5; i++) {
            core.enqueue(RequestSpec.simple("r" + i).withSize(2), "r" + i);
        }
        Step<String> step = core.step();
        assertEquals(List.of("r0", "r1", "r2", "r3"), started(step), "4 requests of 2 fill max_batch_size 8");
        assertEquals(1, core.pending());

        QuireException tooBig = assertThrows(QuireException.InvalidRequest.class, () -> core.enqueue(RequestSpec.simple("big").withSize(9), "big"));
        assertTrue(tooBig.getMessage().contains("max_batch_size 8"), tooBig.getMessage());
    }

    @Test
    void aBatchCutRunsPartOfTheBatchAndTheRestGoesToTheNextFreeInstance() {
        SchedulingConfig config = new SchedulingConfig(List.of(), Optional.empty(), false, 1, 1, Optional.empty(),
                QueuePolicy.defaults(), Map.of());
        // Runs the first request with the peers whose payload starts with the same letter.
        BatchCut<String> sameLetter = (formed, peers) -> peers.stream()
                .filter(r -> r.payload().charAt(0) == peers.get(0).payload().charAt(0)).toList();
        SchedulerCore<String> core = new SchedulerCore<>("m", config, 2, Optional.of(8), clock, sameLetter);
        for (String p : List.of("a1", "b1", "a2", "b2", "a3")) {
            core.enqueue(RequestSpec.simple(p), p);
        }
        Step<String> step = core.step();
        assertEquals(2, step.batches().size(), "the part left queued goes to the second free instance in the same step");
        assertEquals(List.of("a1", "a2", "a3"), step.batches().get(0).stream().map(ScheduledRequest::payload).toList());
        assertEquals(List.of("b1", "b2"), step.batches().get(1).stream().map(ScheduledRequest::payload).toList());
        assertEquals(0, core.pending());
    }

    @Test
    void aBatchCutChoosesOnlyAmongRequestsOfTheFirstOnesPriorityLevel() {
        SchedulingConfig config = new SchedulingConfig(List.of(), Optional.empty(), false, 2, 2, Optional.empty(),
                QueuePolicy.defaults(), Map.of());
        List<List<String>> peersSeen = new java.util.ArrayList<>();
        BatchCut<String> recording = (formed, peers) -> {
            peersSeen.add(peers.stream().map(ScheduledRequest::payload).toList());
            return List.of(peers.get(0));
        };
        SchedulerCore<String> core = new SchedulerCore<>("m", config, 1, Optional.of(8), clock, recording);
        core.enqueue(RequestSpec.simple("low").withPriority(2), "low");
        core.enqueue(RequestSpec.simple("high1").withPriority(1), "high1");
        core.enqueue(RequestSpec.simple("high2").withPriority(1), "high2");
        assertEquals(List.of("high1"), started(core.step()));
        assertEquals(List.of(List.of("high1", "high2")), peersSeen, "a lower level never rides along with a higher one");
        assertEquals(2, core.pending(), "what the cut left stays queued");
    }

    @Test
    void aBatchCutThatLeavesOutTheFirstRequestIsRefused() {
        SchedulingConfig config = new SchedulingConfig(List.of(), Optional.empty(), false, 1, 1, Optional.empty(),
                QueuePolicy.defaults(), Map.of());
        SchedulerCore<String> core = new SchedulerCore<>("m", config, 1, Optional.of(8), clock, (formed, peers) -> peers.subList(1, peers.size()));
        core.enqueue(RequestSpec.simple("a"), "a");
        core.enqueue(RequestSpec.simple("b"), "b");
        IllegalStateException e = assertThrows(IllegalStateException.class, core::step);
        assertTrue(e.getMessage().contains("left out the first request"), e.getMessage());
        assertEquals(2, core.pending(), "nothing was started");
    }

    @Test
    void stopHandsBackQueuedRequestsStopsRunningOnesAndRefusesNewOnes() {
        SchedulerCore<String> core = core(simple(), 1);
        ScheduledRequest<String> a = startOne(core, "a");
        ScheduledRequest<String> b = core.enqueue(RequestSpec.simple("b"), "b");
        assertEquals(List.of(b), core.stop());
        assertTrue(a.isCancelled(), "the running request is asked to stop at its next token");
        assertThrows(QuireException.Unavailable.class, () -> core.enqueue(RequestSpec.simple("c"), "c"));
        assertEquals(1, core.inFlight(), "the running request still counts until it finishes");
    }

    // ---- the client's deadline ------------------------------------------------------------

    @Test
    void theClientsDeadlineRejectsAQueuedRequestEvenUnderDelay() {
        QueuePolicy delay = new QueuePolicy(TimeoutAction.DELAY, Optional.empty(), true, Optional.empty());
        SchedulerCore<String> core = core(config(1, 1, Optional.empty(), delay), 1);
        startOne(core, "long");
        ScheduledRequest<String> b = core.enqueue(RequestSpec.simple("b").withTimeout(Duration.ofMillis(1))
                .withClientDeadline(Duration.ofMillis(5)), "b");

        clock.advance(Duration.ofMillis(2));
        Step<String> delayed = core.step();
        assertEquals(List.of(), delayed.timedOut(), "past its queue timeout DELAY keeps it");
        assertEquals(b.clientDeadlineNanos(), delayed.wakeAt(), "the driver wakes at the client's deadline");

        clock.advance(Duration.ofMillis(3));
        assertEquals(List.of(b), core.step().timedOut(), "the client is gone: answered now whatever the policy");
        assertEquals(0, core.pending());
    }

    @Test
    void aRunningRequestPastItsClientDeadlineIsStoppedThroughTheCancelPath() {
        SchedulerCore<String> core = core(simple(), 1);
        ScheduledRequest<String> a = startOne(core, RequestSpec.simple("a").withClientDeadline(Duration.ofMillis(10)));
        core.enqueue(RequestSpec.simple("b"), "b");

        Step<String> before = core.step();
        assertEquals(a.clientDeadlineNanos(), before.wakeAt(), "the driver wakes at the running request's deadline");
        assertFalse(a.isCancelled());

        clock.advance(Duration.ofMillis(10));
        assertEquals(List.of(), started(core.step()), "the slot is held until the engine sees the flag");
        assertTrue(a.isCancelled(), "the engine's token loop sees this flag");
        assertTrue(a.deadlinePassed(), "and the runner can tell a deadline from a client's cancel");
        core.finished(List.of(a));
        assertEquals(List.of("b"), started(core.step()));
    }

    @Test
    void theRequestsOwnTimeoutEndsItWhileRunningOnlyUnderReject() {
        SchedulerCore<String> reject = core(simple(), 1);
        ScheduledRequest<String> a = startOne(reject, RequestSpec.simple("a").withTimeout(Duration.ofMillis(10)).withClientDeadline(Duration.ofMillis(50)));
        assertEquals(OptionalLong.of(a.enqueuedNanos() + Duration.ofMillis(10).toNanos()), a.answerDeadlineNanos(), "the earlier of the two");
        clock.advance(Duration.ofMillis(10));
        reject.step();
        assertTrue(a.deadlinePassed());

        QueuePolicy delay = new QueuePolicy(TimeoutAction.DELAY, Optional.empty(), true, Optional.empty());
        SchedulerCore<String> delaying = core(config(1, 1, Optional.empty(), delay), 1);
        ScheduledRequest<String> d = startOne(delaying, RequestSpec.simple("d").withTimeout(Duration.ofMillis(10)));
        assertEquals(OptionalLong.empty(), d.answerDeadlineNanos(), "under DELAY the timeout only reorders the queue");
        clock.advance(Duration.ofMillis(20));
        delaying.step();
        assertFalse(d.isCancelled());
    }

    @Test
    void aClientDeadlineThatHasPassedIsRefusedAtEnqueue() {
        SchedulerCore<String> core = core(simple(), 1);
        QuireException late = assertThrows(QuireException.DeadlineExceeded.class,
                () -> core.enqueue(RequestSpec.simple("late").withClientDeadline(Duration.ofNanos(-5)), "late"));
        assertTrue(late.getMessage().contains("client's deadline passed"), late.getMessage());
        assertEquals(0, core.inFlight());
    }
}
