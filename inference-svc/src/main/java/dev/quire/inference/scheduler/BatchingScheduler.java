package dev.quire.inference.scheduler;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import dev.quire.common.QuireException;
import org.jboss.logging.Logger;

/**
 * Drives a {@link SchedulerCore} with real threads. A request that can start is started by the
 * thread that enqueues it; an instance thread that finishes a batch steps the core itself and runs
 * the next batch at once. One driver thread runs the steps nobody else triggers: the earliest queue
 * timeout, client deadline or batch delay (timer-driven, so a queued request times out at that
 * moment even while a long batch runs) and the removal of a cancelled queued request. One executor
 * thread per instance runs batches; a batch goes to the one that went idle last ({@link InstanceThreads}).
 * Answers to dropped requests are given after the core's lock is released. Successful responses go
 * through a {@link ResponseOrder}, which holds them back to the arrival order when the model has
 * preserve_ordering; every request answered with a failure, and every request whose batch ended,
 * gives up its place there at once.
 */
public final class BatchingScheduler<P> implements Scheduler<P> {

    private static final Logger LOG = Logger.getLogger(BatchingScheduler.class);

    private final SchedulerCore<P> core;
    private final BatchRunner<P> runner;
    private final SchedulerListener<P> listener;
    private final Ticker ticker;
    private final ResponseOrder order;
    private final InstanceThreads instances;
    private final Thread driver;
    private final ReentrantLock wakeLock = new ReentrantLock();
    private final Condition wake = wakeLock.newCondition();
    private boolean wakeRequested;
    /** When the driver will step next unless woken ({@link Long#MAX_VALUE}: no timer); {@link #STEPPING} while it steps. */
    private long driverWakeAt = STEPPING;
    private static final long STEPPING = Long.MIN_VALUE;
    private volatile boolean closed;

    public BatchingScheduler(SchedulerCore<P> core, int instanceCount, BatchRunner<P> runner, SchedulerListener<P> listener, Ticker ticker) {
        this.core = core;
        this.runner = runner;
        this.listener = listener;
        this.ticker = ticker;
        this.order = new ResponseOrder(core.preservesOrdering());
        this.instances = new InstanceThreads(instanceCount, "quire-" + core.model() + "-instance-");
        this.driver = new Thread(this::drive, "quire-" + core.model() + "-scheduler");
        driver.setDaemon(true);
        driver.start();
    }

    @Override
    public ScheduledRequest<P> enqueue(RequestSpec spec, P payload) {
        ScheduledRequest<P> request = core.enqueue(spec, payload);
        // Start what can start now on the caller's thread: leaving it to the driver would add a
        // thread hop to every request. The driver wakes only when a timer must run earlier.
        Step<P> step = stepSafely();
        run(step);
        wakeDriverBefore(step);
        return request;
    }

    @Override
    public void checkAdmission(RequestSpec spec) {
        core.checkAdmission(spec);
    }

    /**
     * Takes a queued request out and answers it CANCELLED, then wakes the driver: a batch that
     * waited behind it (one that did not fit max_batch_size with it) may start now. A running
     * request stops at its next token by itself, and one that ended is left alone; neither wakes
     * the driver (gRPC calls this at the end of every call, where a wake-up would be a context
     * switch for nothing).
     */
    @Override
    public void cancel(ScheduledRequest<P> request) {
        core.cancel(request).ifPresent(r -> {
            answerFailure(r, new RequestCancelledException(r.spec().label() + " was cancelled by the client while queued"));
            signal();
        });
    }

    @Override
    public int inFlight() {
        return core.inFlight();
    }

    @Override
    public int pending() {
        return core.pending();
    }

    @Override
    public void close() {
        closed = true;
        for (ScheduledRequest<P> r : core.stop()) {
            answerFailure(r, new QuireException.Unavailable("model '" + core.model() + "' is shutting down", null));
        }
        signal();
        instances.shutdown();
    }

    private void signal() {
        wakeLock.lock();
        try {
            wakeRequested = true;
            wake.signal();
        } finally {
            wakeLock.unlock();
        }
    }

    /**
     * Wakes the driver only when {@code step} needs a step sooner than the driver plans one (a new
     * request's queue timeout, deadline or batch delay): on a busy machine every needless wake-up is
     * a context switch taken from the engine. While the driver steps, its plan is not known yet, so
     * any timer makes it step once more.
     */
    private void wakeDriverBefore(Step<P> step) {
        if (step.wakeAt().isEmpty()) {
            return;
        }
        wakeLock.lock();
        try {
            if (driverWakeAt == STEPPING || step.wakeAt().getAsLong() < driverWakeAt) {
                wakeRequested = true;
                wake.signal();
            }
        } finally {
            wakeLock.unlock();
        }
    }

    private void drive() {
        while (!closed) {
            Step<P> step = stepSafely();
            run(step);
            awaitWake(step);
        }
    }

    private Step<P> stepSafely() {
        try {
            return core.step();
        } catch (RuntimeException e) {
            LOG.errorf(e, "scheduler of model '%s' failed a step", core.model());
            return new Step<>(List.of(), List.of(), java.util.OptionalLong.of(ticker.nanos() + Duration.ofMillis(100).toNanos()));
        }
    }

    /** Answers the step's timed-out requests and starts its batches; the core's lock is not held here. */
    private void run(Step<P> step) {
        answerTimedOut(step);
        for (List<ScheduledRequest<P>> batch : step.batches()) {
            execute(batch);
        }
    }

    private void answerTimedOut(Step<P> step) {
        for (ScheduledRequest<P> r : step.timedOut()) {
            answerFailure(r, timedOut(r));
        }
    }

    /** A failure leaves at once and the request gives up its place in the response order. */
    private void answerFailure(ScheduledRequest<P> request, QuireException failure) {
        runner.fail(request, failure);
        order.release(request);
    }

    private QuireException timedOut(ScheduledRequest<P> r) {
        long waitedMicros = (ticker.nanos() - r.enqueuedNanos()) / 1000;
        String where = " us in the queue of model '" + core.model() + "' (priority level " + r.level() + ")";
        if (passedClientDeadlineFirst(r)) {
            long deadlineMicros = (r.clientDeadlineNanos().getAsLong() - r.enqueuedNanos()) / 1000;
            return new QuireException.DeadlineExceeded(r.spec().label() + " waited " + waitedMicros + where
                    + ", past the client's deadline (" + deadlineMicros + " us after it was queued)");
        }
        long timeoutMicros = (r.deadlineNanos().orElseThrow() - r.enqueuedNanos()) / 1000;
        return new QuireException.DeadlineExceeded(r.spec().label() + " waited " + waitedMicros + where
                + ", past its timeout of " + timeoutMicros + " us");
    }

    /** Whether the client's deadline, not the queue timeout, expired the request (a DELAYed request only expires by the client's). */
    private static boolean passedClientDeadlineFirst(ScheduledRequest<?> r) {
        if (r.clientDeadlineNanos().isEmpty()) {
            return false;
        }
        return r.deadlineNanos().isEmpty() || r.delayed() || r.clientDeadlineNanos().getAsLong() < r.deadlineNanos().getAsLong();
    }

    private void execute(List<ScheduledRequest<P>> batch) {
        long start = ticker.nanos();
        listener.batchStarted(batch, start);
        instances.execute(() -> runFrom(batch, start));
    }

    /**
     * Runs {@code first} on this instance thread, then keeps the thread for the next batch the core
     * forms as this one frees the instance: handing it to the driver and back to an instance would
     * cost two thread wake-ups per batch, time in which the engine idles.
     */
    private void runFrom(List<ScheduledRequest<P>> first, long firstStart) {
        List<ScheduledRequest<P>> batch = first;
        long start = firstStart;
        while (batch != null) {
            runBatch(batch, start);
            if (closed) {
                return;
            }
            Step<P> step = stepSafely();
            answerTimedOut(step);
            batch = null;
            for (List<ScheduledRequest<P>> next : step.batches()) {
                if (batch == null) {
                    batch = next;
                    start = ticker.nanos();
                    listener.batchStarted(batch, start);
                } else {
                    execute(next);
                }
            }
            wakeDriverBefore(step);
        }
    }

    private void runBatch(List<ScheduledRequest<P>> batch, long start) {
        try {
            runner.run(batch, order);
        } catch (RuntimeException e) {
            LOG.errorf(e, "a batch of model '%s' failed", core.model());
            QuireException failure = e instanceof QuireException q ? q
                    : new QuireException(dev.quire.proto.events.Failure.Code.INTERNAL, "the engine failed: " + e.getMessage(), e);
            batch.forEach(r -> runner.fail(r, failure));
        } finally {
            // Requests of the batch that failed or were cancelled while running no longer hold later answers back.
            batch.forEach(order::release);
            core.finished(batch);
            listener.batchFinished(batch, start, ticker.nanos());
        }
    }

    private void awaitWake(Step<P> step) {
        wakeLock.lock();
        try {
            driverWakeAt = step.wakeAt().orElse(Long.MAX_VALUE);
            while (!wakeRequested && !closed) {
                long remaining = driverWakeAt - ticker.nanos();
                if (driverWakeAt == Long.MAX_VALUE) {
                    wake.await();
                } else if (remaining <= 0) {
                    break;
                } else {
                    wake.awaitNanos(remaining);
                }
            }
            wakeRequested = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        } finally {
            driverWakeAt = STEPPING;
            wakeLock.unlock();
        }
    }
}
