package dev.quire.inference.scheduler;

/** Monotonic time in nanoseconds; injected so tests drive the scheduler with a fake clock. */
@FunctionalInterface
public interface Ticker {

    Ticker SYSTEM = System::nanoTime;

    long nanos();
}
