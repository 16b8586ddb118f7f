package dev.quire.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Offers load to one {@link Call} for a warm-up period and then a measured window, in closed-loop
 * (concurrency) or open-loop (request rate) mode, and summarises what finished inside the window.
 * Every loop is bounded by the window: the generator always stops by itself. {@link #alternate} runs a
 * fixed number of calls instead, each bounded by its own deadline (the gRPC client's) or length (max_tokens).
 */
public final class LoadGenerator {

    /** One request against the system under test; throws when it failed. */
    @FunctionalInterface
    public interface Call {
        CallOutcome run() throws Exception;
    }

    /**
     * One request started without blocking; the stage completes when it is answered. Its
     * callbacks may run on the transport's thread, which then starts the client's next call: no
     * thread waits and none is woken per call, as perf_analyzer's asynchronous mode.
     */
    @FunctionalInterface
    public interface AsyncCall {
        CompletionStage<CallOutcome> start();
    }

    private record Sample(long latencyNanos, CallOutcome outcome) {
    }

    private final Duration warmup;
    private final Duration window;

    public LoadGenerator(Duration warmup, Duration window) {
        if (warmup.isNegative() || window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("warm-up must be >= 0 and the window > 0; got " + warmup + " and " + window);
        }
        this.warmup = warmup;
        this.window = window;
    }

    public Measurement measure(String label, LoadMode mode, Call call) throws InterruptedException {
        long start = System.nanoTime();
        long windowStart = start + warmup.toNanos();
        long windowEnd = windowStart + window.toNanos();
        ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        if (mode instanceof LoadMode.Concurrency c) {
            closedLoop(c.clients(), call, windowStart, windowEnd, samples, errors);
        } else if (mode instanceof LoadMode.RequestRate r) {
            openLoop(r, call, start, windowStart, windowEnd, samples, errors);
        }
        return summarise(label, mode, samples, errors.get(), window.toNanos() / 1e9);
    }

    /**
     * Two calls compared at one client in turns of {@code callsPerTurn} calls, the turns in the order
     * A B B A A B ..., so that the machine's slow drift (seconds-long swings of memory bandwidth on a
     * shared VM) falls on both alike; two long back-to-back windows would count that drift as a
     * difference. The first call of every turn settles the side in (on this VM the first llama.cpp
     * call after the other engine ran took up to ~200 ms longer to its first token) and is not counted.
     * Each side's throughput is its counted calls over the time they took.
     *
     * @return the two measurements, A's first
     */
    public static List<Measurement> alternate(String labelA, Call a, String labelB, Call b, int callsPerTurn, int turnPairs) {
        if (callsPerTurn < 2 || turnPairs < 1) {
            throw new IllegalArgumentException("a turn needs >= 2 calls (one settles) and there must be >= 1 pair of turns; got "
                    + callsPerTurn + " and " + turnPairs);
        }
        List<ConcurrentLinkedQueue<Sample>> samples = List.of(new ConcurrentLinkedQueue<>(), new ConcurrentLinkedQueue<>());
        AtomicLong[] errors = {new AtomicLong(), new AtomicLong()};
        long[] busyNanos = new long[2];
        for (int pair = 0; pair < turnPairs; pair++) {
            for (int side : pair % 2 == 0 ? new int[] {0, 1} : new int[] {1, 0}) {
                for (int call = 0; call < callsPerTurn; call++) {
                    long sent = System.nanoTime();
                    boolean counted = call > 0;
                    // A window around the whole call: it counts, or not, as a whole.
                    record(side == 0 ? a : b, sent, counted ? sent : Long.MAX_VALUE, Long.MAX_VALUE, samples.get(side), errors[side]);
                    if (counted) {
                        busyNanos[side] += System.nanoTime() - sent;
                    }
                }
            }
        }
        LoadMode one = new LoadMode.Concurrency(1);
        return List.of(summarise(labelA, one, samples.get(0), errors[0].get(), busyNanos[0] / 1e9),
                summarise(labelB, one, samples.get(1), errors[1].get(), busyNanos[1] / 1e9));
    }

    /** Closed loop of {@code clients} calls kept in flight without a thread per client. */
    public Measurement measureAsync(String label, LoadMode.Concurrency mode, AsyncCall call) throws InterruptedException {
        long windowStart = System.nanoTime() + warmup.toNanos();
        long windowEnd = windowStart + window.toNanos();
        ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        CountDownLatch stopped = new CountDownLatch(mode.clients());
        for (int i = 0; i < mode.clients(); i++) {
            startNext(call, windowStart, windowEnd, samples, errors, stopped);
        }
        // Every call carries its own deadline, so each client's loop ends soon after the window.
        if (!stopped.await(window.toNanos() + warmup.toNanos() + TimeUnit.MINUTES.toNanos(3), TimeUnit.NANOSECONDS)) {
            throw new IllegalStateException(label + ": " + stopped.getCount() + " client(s) still waiting for an answer 3 minutes after the window");
        }
        return summarise(label, mode, samples, errors.get(), window.toNanos() / 1e9);
    }

    /** Starts the client's next call; an answer already there on return is taken in this loop, not by recursion. */
    private static void startNext(AsyncCall call, long windowStart, long windowEnd, ConcurrentLinkedQueue<Sample> samples,
                                  AtomicLong errors, CountDownLatch stopped) {
        while (true) {
            long sent = System.nanoTime();
            if (sent >= windowEnd) {
                stopped.countDown();
                return;
            }
            CompletableFuture<CallOutcome> answer;
            try {
                answer = call.start().toCompletableFuture();
            } catch (RuntimeException e) {
                answer = CompletableFuture.failedFuture(e);
            }
            if (!answer.isDone()) {
                answer.whenComplete((outcome, failure) -> {
                    recordOutcome(sent, outcome, failure, windowStart, windowEnd, samples, errors);
                    startNext(call, windowStart, windowEnd, samples, errors, stopped);
                });
                return;
            }
            CallOutcome outcome = null;
            Throwable failure = null;
            try {
                outcome = answer.join();
            } catch (RuntimeException e) {
                failure = e;
            }
            recordOutcome(sent, outcome, failure, windowStart, windowEnd, samples, errors);
        }
    }

    /** An answered call counts when it finished inside the window: a sample, or an error when it failed. */
    private static void recordOutcome(long sent, CallOutcome outcome, Throwable failure, long windowStart, long windowEnd,
                                    ConcurrentLinkedQueue<Sample> samples, AtomicLong errors) {
        long done = System.nanoTime();
        if (done < windowStart || done > windowEnd) {
            return;
        }
        if (failure != null || outcome == null) {
            errors.incrementAndGet();
        } else {
            samples.add(new Sample(done - sent, outcome));
        }
    }

    private static void closedLoop(int clients, Call call, long windowStart, long windowEnd,
                                   ConcurrentLinkedQueue<Sample> samples, AtomicLong errors) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < windowEnd) {
                    long sent = System.nanoTime();
                    record(call, sent, windowStart, windowEnd, samples, errors);
                }
            }, "load-client-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    private static void openLoop(LoadMode.RequestRate rate, Call call, long start, long windowStart, long windowEnd,
                                 ConcurrentLinkedQueue<Sample> samples, AtomicLong errors) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(rate.maxInFlight(), r -> {
            Thread t = new Thread(r, "load-rate");
            t.setDaemon(true);
            return t;
        });
        Semaphore slots = new Semaphore(rate.maxInFlight());
        long intervalNanos = (long) (1e9 / rate.perSecond());
        try {
            for (long intended = start; intended < windowEnd; intended += intervalNanos) {
                long wait = intended - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                // A client out of threads is still a late request: latency counts from the intended time.
                slots.acquire();
                long scheduled = intended;
                pool.execute(() -> {
                    try {
                        record(call, scheduled, windowStart, windowEnd, samples, errors);
                    } finally {
                        slots.release();
                    }
                });
            }
        } finally {
            pool.shutdown();
            pool.awaitTermination(1, TimeUnit.MINUTES);
        }
    }

    /** Runs one call; it counts when it finishes inside the window. */
    private static void record(Call call, long sent, long windowStart, long windowEnd,
                               ConcurrentLinkedQueue<Sample> samples, AtomicLong errors) {
        CallOutcome outcome = null;
        Throwable failure = null;
        try {
            outcome = call.run();
        } catch (Exception e) {
            failure = e;
        }
        recordOutcome(sent, outcome, failure, windowStart, windowEnd, samples, errors);
    }

    private static Measurement summarise(String label, LoadMode mode, ConcurrentLinkedQueue<Sample> samples, long errors, double seconds) {
        List<Sample> list = new ArrayList<>(samples);
        long[] latencies = list.stream().mapToLong(Sample::latencyNanos).toArray();
        long[] firstTokens = list.stream().mapToLong(s -> s.outcome().firstTokenNanos()).filter(n -> n >= 0).toArray();
        long[] gaps = list.stream().flatMapToLong(s -> java.util.Arrays.stream(s.outcome().interTokenNanos())).toArray();
        long items = list.stream().mapToLong(s -> s.outcome().items()).sum();
        long tokens = list.stream().mapToLong(s -> s.outcome().outputTokens()).sum();
        Percentiles latency = new Percentiles(latencies);
        Percentiles firstToken = new Percentiles(firstTokens);
        return new Measurement(label, mode.toString(), list.size(), errors, list.size() / seconds, items / seconds,
                latency.millis(50), latency.millis(90), latency.millis(99), tokens / seconds,
                firstToken.millis(50), firstToken.millis(90), new Percentiles(gaps).millis(50));
    }
}
