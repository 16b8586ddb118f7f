package dev.quire.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.quire.bench.report.MarkdownTable;
import org.junit.jupiter.api.Test;

class LoadGeneratorTest {

    @Test
    void percentilesUseNearestRank() {
        long[] nanos = new long[100];
        for (int i = 0; i < 100; i++) {
            nanos[i] = (100 - i) * 1_000_000L;
        }
        Percentiles p = new Percentiles(nanos);
        assertEquals(50.0, p.millis(50));
        assertEquals(90.0, p.millis(90));
        assertEquals(99.0, p.millis(99));
        assertEquals(100.0, p.millis(100));
        assertTrue(Double.isNaN(new Percentiles(new long[0]).millis(50)));
    }

    @Test
    void closedLoopCountsSuccessesItemsAndErrorsSeparately() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        LoadGenerator generator = new LoadGenerator(Duration.ZERO, Duration.ofMillis(200));
        Measurement m = generator.measure("fake", new LoadMode.Concurrency(2), () -> {
            Thread.sleep(1);
            if (calls.incrementAndGet() % 2 == 0) {
                throw new IllegalStateException("every second call fails");
            }
            return CallOutcome.items(4);
        });
        assertTrue(m.requests() > 0 && m.errors() > 0, m.toString());
        assertEquals(4 * m.requestsPerSecond(), m.itemsPerSecond(), 1e-9);
        assertEquals("concurrency 2", m.mode());
    }

    @Test
    void alternatingCallsTakeTurnsABBAAndCountAllButEachTurnsFirstCall() {
        StringBuilder order = new StringBuilder();
        AtomicInteger bCalls = new AtomicInteger();
        // Each turn's first call is slow (as the first call after the other engine ran): it must not reach the numbers.
        List<Measurement> m = LoadGenerator.alternate("a", () -> {
            boolean first = turnStart(order);
            order.append('A');
            Thread.sleep(first ? 40 : 2);
            return CallOutcome.items(1);
        }, "b", () -> {
            boolean first = turnStart(order);
            order.append('B');
            Thread.sleep(first ? 40 : 6);
            if (bCalls.incrementAndGet() == 5) {
                throw new IllegalStateException("one failure among the counted calls");
            }
            return CallOutcome.items(1);
        }, 3, 3);
        assertEquals("AAABBBBBBAAAAAABBB", order.toString(), "three pairs of three-call turns, swapped every pair");
        assertEquals(List.of("a", "b"), m.stream().map(Measurement::label).toList());
        assertEquals(6, m.get(0).requests(), "each turn's first call is not counted");
        assertEquals(5, m.get(1).requests());
        assertEquals(1, m.get(1).errors(), "B's fifth call (the second turn's second) failed and counts as an error");
        assertTrue(m.get(0).p90Ms() < 20 && m.get(1).p90Ms() < 30, "a turn's slow first call leaked into the latencies: " + m);
        assertTrue(m.get(0).requestsPerSecond() > 200, "A's rate is its counted calls (~2 ms each) over their own time: " + m.get(0));
        assertTrue(m.get(0).requestsPerSecond() > 1.5 * m.get(1).requestsPerSecond(), m.toString());
        assertThrows(IllegalArgumentException.class, () -> LoadGenerator.alternate("a", () -> null, "b", () -> null, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> LoadGenerator.alternate("a", () -> null, "b", () -> null, 2, 0));
    }

    /** Whether the call about to be made starts a three-call turn (turns of both sides are three calls long). */
    private static boolean turnStart(StringBuilder order) {
        return order.length() % 3 == 0;
    }

    @Test
    void asyncClosedLoopKeepsOneCallInFlightPerClientAndCountsFailures() throws Exception {
        ScheduledExecutorService transport = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        AtomicInteger calls = new AtomicInteger();
        try {
            LoadGenerator generator = new LoadGenerator(Duration.ZERO, Duration.ofMillis(300));
            Measurement m = generator.measureAsync("fake", new LoadMode.Concurrency(3), () -> {
                mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                CompletableFuture<CallOutcome> answer = new CompletableFuture<>();
                boolean fail = calls.incrementAndGet() % 3 == 0;
                transport.schedule(() -> {
                    inFlight.decrementAndGet();
                    if (fail) {
                        answer.completeExceptionally(new IllegalStateException("every third call fails"));
                    } else {
                        answer.complete(CallOutcome.items(2));
                    }
                }, 1, TimeUnit.MILLISECONDS);
                return answer;
            });
            assertEquals(3, mostInFlight.get());
            assertTrue(m.requests() > 10 && m.errors() > 0, m.toString());
            assertEquals(2 * m.requestsPerSecond(), m.itemsPerSecond(), 1e-9);
        } finally {
            transport.shutdownNow();
        }
    }

    @Test
    void asyncCallsAnsweredAtOnceDoNotRecurse() throws Exception {
        LoadGenerator generator = new LoadGenerator(Duration.ZERO, Duration.ofMillis(200));
        // Hundreds of thousands of calls answered before start() returns: recursion would overflow the stack.
        Measurement m = generator.measureAsync("instant", new LoadMode.Concurrency(1),
                () -> CompletableFuture.completedFuture(CallOutcome.items(1)));
        assertTrue(m.requests() > 10_000, m.toString());
        assertEquals(0, m.errors());
    }

    @Test
    void requestRateModeIssuesRequestsAtTheRate() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        LoadGenerator generator = new LoadGenerator(Duration.ZERO, Duration.ofMillis(500));
        Measurement m = generator.measure("fake", new LoadMode.RequestRate(100, 4), () -> {
            calls.incrementAndGet();
            return CallOutcome.items(1);
        });
        // 100/s for 0.5 s is 50 scheduled sends (first one at t=0), however slowly they run.
        assertEquals(50, calls.get());
        assertEquals(0, m.errors(), m.toString());
    }

    @Test
    void medianIsTakenFieldByField() {
        Measurement a = new Measurement("x", "c", 10, 0, 10, 20, 1, 2, 3, 0, Double.NaN, Double.NaN, Double.NaN);
        Measurement b = new Measurement("x", "c", 30, 2, 30, 60, 5, 6, 7, 0, Double.NaN, Double.NaN, Double.NaN);
        Measurement c = new Measurement("x", "c", 20, 1, 20, 40, 3, 4, 5, 0, Double.NaN, Double.NaN, Double.NaN);
        Measurement median = Measurement.median(List.of(a, b, c));
        assertEquals(20, median.requestsPerSecond());
        assertEquals(4, median.p90Ms());
        String table = MarkdownTable.render(List.of(median));
        assertTrue(table.contains("| x | c | 20.00 | 40.00 | 3.00 | 4.00 | 5.00 | 1 |"), table);
        assertThrows(IllegalArgumentException.class, () -> Measurement.median(List.of()));
    }

    @Test
    void nonsenseModesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LoadMode.Concurrency(0));
        assertThrows(IllegalArgumentException.class, () -> new LoadMode.RequestRate(0, 1));
    }
}
