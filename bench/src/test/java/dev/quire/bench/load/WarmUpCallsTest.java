package dev.quire.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WarmUpCallsTest {

    private final ScheduledExecutorService transport = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();

    @AfterEach
    void stopTransport() {
        transport.shutdownNow();
    }

    /** A call answered 1 ms later on the transport thread; the {@code failing}-th call fails. */
    private CompletableFuture<CallOutcome> answerLater(int failing) {
        int number = started.incrementAndGet();
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        CompletableFuture<CallOutcome> answer = new CompletableFuture<>();
        transport.schedule(() -> {
            inFlight.decrementAndGet();
            if (number == failing) {
                answer.completeExceptionally(new IllegalStateException("call " + number + " failed"));
            } else {
                answer.complete(CallOutcome.items(1));
            }
        }, 1, TimeUnit.MILLISECONDS);
        return answer;
    }

    @Test
    void asyncMakesEveryCallWithAtMostInFlightAtOnceAndWaitsForTheLast() throws Exception {
        WarmUpCalls.async(50, 3, () -> answerLater(-1));
        assertEquals(50, started.get());
        assertEquals(3, mostInFlight.get(), "three calls are kept in flight, never more");
        assertEquals(0, inFlight.get(), "returns only when every call is answered");
    }

    @Test
    void asyncStopsAtTheFirstFailureAndReportsItOnceTheCallsInFlightAreAnswered() {
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> WarmUpCalls.async(1000, 3, () -> answerLater(5)));
        assertTrue(failure.getMessage().contains("call 5 failed"), failure.getMessage());
        assertTrue(started.get() < 1000, "no calls are sent after the failure is known: " + started.get());
        assertEquals(0, inFlight.get());
    }

    @Test
    void asyncCallThatThrowsWhenStartedFailsTheWarmUpWithoutHanging() {
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> WarmUpCalls.async(10, 2, () -> {
            throw new IllegalArgumentException("no such model");
        }));
        assertTrue(failure.getMessage().contains("no such model"), failure.getMessage());
    }

    @Test
    void onThreadsSharesOutEveryCallEvenWhenTheyDoNotDivideEvenly() throws Exception {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        WarmUpCalls.onThreads(10, 4, () -> {
            started.incrementAndGet();
            threads.add(Thread.currentThread().getName());
            return CallOutcome.items(1);
        });
        assertEquals(10, started.get());
        assertTrue(threads.size() <= 4, threads.toString());
    }

    @Test
    void onThreadsReportsAFailedCall() {
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> WarmUpCalls.onThreads(8, 2, () -> {
            if (started.incrementAndGet() == 3) {
                throw new IllegalStateException("engine closed");
            }
            return CallOutcome.items(1);
        }));
        assertTrue(failure.getMessage().contains("engine closed"), failure.getMessage());
    }
}
