package dev.quire.inference.scheduler;

import java.time.Duration;

/** A clock that moves only when the test says so. */
final class FakeTicker implements Ticker {

    private long nanos = 1_000_000_000L;

    @Override
    public synchronized long nanos() {
        return nanos;
    }

    synchronized void advance(Duration d) {
        nanos += d.toNanos();
    }
}
