package dev.quire.inference;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits in tests for a state the server reaches on its own threads. */
public final class Await {

    /** A liveness bound, not a speed assertion: a server that never gets there fails the test instead of hanging it. */
    private static final Duration LIVENESS = Duration.ofSeconds(30);
    /** Loading a model (generating the random GGUF, reading MiniLM) on a busy 2-core machine: a liveness bound too. */
    public static final Duration MODEL_LOAD = Duration.ofSeconds(60);

    private Await() {
    }

    public static void until(BooleanSupplier condition, String what) throws InterruptedException {
        within(LIVENESS, condition, what);
    }

    /** Fails unless {@code condition} holds within {@code bound}: also a speed assertion when the bound is tight. */
    public static void within(Duration bound, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(condition.getAsBoolean(), what + " (within " + bound.toMillis() + " ms)");
    }
}
