package dev.quire.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A fixed number of calls sent before anything is measured, in the way the measured points send
 * them, so that both JVMs have compiled those paths. The first failed call fails the warm-up: a
 * point measured on a broken path would only print errors.
 */
public final class WarmUpCalls {

    private WarmUpCalls() {
    }

    /** {@code calls} asynchronous calls, at most {@code inFlight} at a time and no thread per call; returns when all are answered. */
    public static void async(int calls, int inFlight, LoadGenerator.AsyncCall call) throws InterruptedException {
        Semaphore free = new Semaphore(inFlight);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int i = 0; i < calls && failure.get() == null; i++) {
            free.acquire();
            try {
                call.start().whenComplete((outcome, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    }
                    free.release();
                });
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
                free.release();
            }
        }
        free.acquire(inFlight);
        if (failure.get() != null) {
            throw new IllegalStateException("a warm-up call failed: " + failure.get().getMessage(), failure.get());
        }
    }

    /** {@code calls} calls shared out over {@code threads} threads, each making its share one after another. */
    public static void onThreads(int calls, int threads, LoadGenerator.Call call) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> shares = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int share = calls / threads + (t < calls % threads ? 1 : 0);
                shares.add(pool.submit(() -> {
                    for (int i = 0; i < share; i++) {
                        call.run();
                    }
                    return null;
                }));
            }
            for (Future<?> share : shares) {
                share.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("a warm-up call failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
