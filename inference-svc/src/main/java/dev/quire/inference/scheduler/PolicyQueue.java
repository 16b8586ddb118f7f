package dev.quire.inference.scheduler;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.quire.inference.repository.QueuePolicy;

/**
 * The queue of one priority level, owning that level's policy (Triton's PolicyQueue): its size
 * limit, default timeout and timeout action. Arrival order; not thread-safe (the core's lock guards it).
 */
final class PolicyQueue<P> {

    private final int level;
    private final QueuePolicy policy;
    private final List<ScheduledRequest<P>> requests = new ArrayList<>();

    PolicyQueue(int level, QueuePolicy policy) {
        this.level = level;
        this.policy = policy;
    }

    int level() {
        return level;
    }

    QueuePolicy policy() {
        return policy;
    }

    boolean isFull() {
        return policy.maxQueueSize().map(max -> requests.size() >= max).orElse(false);
    }

    /** Precondition: {@link #isFull()} is false. */
    void add(ScheduledRequest<P> request) {
        requests.add(request);
    }

    boolean remove(ScheduledRequest<P> request) {
        return requests.remove(request);
    }

    int size() {
        return requests.size();
    }

    /** A read-only view in arrival order. */
    List<ScheduledRequest<P>> requests() {
        return Collections.unmodifiableList(requests);
    }
}
