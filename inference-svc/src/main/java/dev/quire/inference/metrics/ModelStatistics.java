package dev.quire.inference.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Triton's per-model statistics (InferStatistics, InferBatchStatistics) plus Quire's generation
 * histograms. Written by the scheduler listener and the runner; read by /metrics and ModelStatistics.
 */
public final class ModelStatistics {

    /** Triton's failure reasons. */
    public enum FailureReason { REJECTED, CANCELED, BACKEND, OTHER }

    /** A count and the total time it took, in nanoseconds (Triton's StatisticDuration). */
    public static final class Duration {
        private final LongAdder count = new LongAdder();
        private final LongAdder nanos = new LongAdder();

        public void add(long durationNanos) {
            count.increment();
            nanos.add(Math.max(0, durationNanos));
        }

        public long count() {
            return count.sum();
        }

        public long nanos() {
            return nanos.sum();
        }
    }

    private static final List<Double> SECONDS = List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0);
    private static final List<Double> TOKENS = List.of(1.0, 8.0, 32.0, 128.0, 512.0, 1024.0, 2048.0, 4096.0, 8192.0);

    private final String model;
    public final Duration success = new Duration();
    public final Duration fail = new Duration();
    public final Duration queue = new Duration();
    public final Duration computeInfer = new Duration();
    private final Map<FailureReason, LongAdder> failures = new ConcurrentHashMap<>();
    /** Batch elements executed (Triton's inference_count). */
    public final LongAdder inferenceCount = new LongAdder();
    /** Executions (Triton's execution_count). */
    public final LongAdder executionCount = new LongAdder();
    public final AtomicLong lastInferenceMillis = new AtomicLong();
    /** InferBatchStatistics: batch size -> compute durations. */
    private final Map<Integer, Duration> batches = new ConcurrentSkipListMap<>();
    public final Histogram timeToFirstToken = new Histogram(SECONDS);
    public final Histogram interTokenLatency = new Histogram(List.of(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0));
    public final Histogram promptTokens = new Histogram(TOKENS);
    public final Histogram generatedTokens = new Histogram(TOKENS);
    /** Prompt characters already held by the slot a request ran on. */
    public final Histogram prefixReused = new Histogram(List.of(0.0, (double) PREFIX_HIT_CHARS, 256.0, 1024.0, 4096.0, 16384.0));
    /** A reused prefix at least this long counts as a prefix-cache hit. */
    public static final int PREFIX_HIT_CHARS = 64;
    /** Requests whose slot already held at least {@value #PREFIX_HIT_CHARS} characters of their prompt. */
    public final LongAdder prefixCacheHits = new LongAdder();

    public ModelStatistics(String model) {
        this.model = model;
    }

    public String model() {
        return model;
    }

    public void failed(FailureReason reason, long durationNanos) {
        failures.computeIfAbsent(reason, r -> new LongAdder()).increment();
        fail.add(durationNanos);
    }

    public long failures(FailureReason reason) {
        LongAdder n = failures.get(reason);
        return n == null ? 0 : n.sum();
    }

    public void batchExecuted(int size, long computeNanos) {
        executionCount.increment();
        inferenceCount.add(size);
        computeInfer.add(computeNanos);
        batches.computeIfAbsent(size, s -> new Duration()).add(computeNanos);
        lastInferenceMillis.set(System.currentTimeMillis());
    }

    /** Batch size -> executions of that size. */
    public Map<Integer, Duration> batchStatistics() {
        return Map.copyOf(batches);
    }
}
