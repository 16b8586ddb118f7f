package dev.quire.inference.repository;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How requests of one model wait and are grouped (Triton's dynamic_batching block, plus aging).
 *
 * @param preferredBatchSizes  batch sizes the batcher runs as soon as it has them (ascending)
 * @param maxQueueDelay        longest a request waits for a batch to fill; empty: run what is there at once
 * @param preserveOrdering     answers leave in the order the requests arrived
 * @param priorityLevels       number of levels; 1 is the highest priority
 * @param defaultPriorityLevel level of requests that do not set {@code priority}
 * @param agingInterval        every interval of waiting moves a request up one level; empty: strict priority
 * @param defaultQueuePolicy   policy of levels without their own
 * @param priorityQueuePolicy  per-level policies
 */
public record SchedulingConfig(List<Integer> preferredBatchSizes, Optional<Duration> maxQueueDelay, boolean preserveOrdering,
                               int priorityLevels, int defaultPriorityLevel, Optional<Duration> agingInterval,
                               QueuePolicy defaultQueuePolicy, Map<Integer, QueuePolicy> priorityQueuePolicy) {

    public static final Duration DEFAULT_AGING = Duration.ofSeconds(1);

    public SchedulingConfig {
        preferredBatchSizes = List.copyOf(preferredBatchSizes);
        priorityQueuePolicy = Map.copyOf(priorityQueuePolicy);
    }

    public static SchedulingConfig defaults() {
        return new SchedulingConfig(List.of(), Optional.empty(), false, 1, 1, Optional.of(DEFAULT_AGING),
                QueuePolicy.defaults(), Map.of());
    }

    public QueuePolicy policy(int level) {
        return priorityQueuePolicy.getOrDefault(level, defaultQueuePolicy);
    }
}
