package dev.quire.inference.metrics;

import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/** A Prometheus histogram with fixed upper bounds; lock-free. */
public final class Histogram {

    private final List<Double> bounds;
    private final AtomicLongArray counts;
    private final LongAdder count = new LongAdder();
    private final DoubleAdder sum = new DoubleAdder();

    public Histogram(List<Double> bounds) {
        this.bounds = List.copyOf(bounds);
        this.counts = new AtomicLongArray(bounds.size());
    }

    public void observe(double value) {
        for (int i = 0; i < bounds.size(); i++) {
            if (value <= bounds.get(i)) {
                counts.incrementAndGet(i);
            }
        }
        count.increment();
        sum.add(value);
    }

    public List<Double> bounds() {
        return bounds;
    }

    /** Cumulative count of observations at or below bound {@code i}. */
    public long cumulative(int i) {
        return counts.get(i);
    }

    public long count() {
        return count.sum();
    }

    public double sum() {
        return sum.sum();
    }
}
