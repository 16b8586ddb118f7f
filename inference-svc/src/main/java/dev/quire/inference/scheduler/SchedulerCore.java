package dev.quire.inference.scheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import dev.quire.common.QuireException;
import dev.quire.inference.repository.QueuePolicy;
import dev.quire.inference.repository.SchedulingConfig;
import dev.quire.inference.repository.TimeoutAction;

/**
 * The scheduling decisions of one model, as a plain object with no threads: per-priority policy
 * queues, queue timeouts, aging, tenant fair share, and the batch former. The engine is never
 * touched here; {@link #step()} says what to run and whom to answer, and the caller does it after
 * this object's lock is released (Triton's FinishRejectedCancelledRequests habit).
 *
 * <p>Ownership: after {@link #enqueue} returns, the scheduler owns the request and must see it
 * answered (run, timed out, cancelled or stopped); when enqueue throws, the caller still owns it.
 * All methods are synchronized on this object.
 */
public final class SchedulerCore<P> {

    private final String model;
    private final SchedulingConfig config;
    private final int instances;
    private final Optional<Integer> maxBatchSize;
    private final Ticker ticker;
    private final BatchCut<P> cut;
    private final List<PolicyQueue<P>> queues = new ArrayList<>();
    /** Requests running per tenant, for fair share. */
    private final Map<String, Integer> runningByTenant = new HashMap<>();
    /** Pick counter value when each tenant was last picked: least recently served goes first among equals. */
    private final Map<String, Long> lastPickByTenant = new HashMap<>();
    /** Requests executing now, so that stop() can ask them to end at their next token. */
    private final java.util.Set<ScheduledRequest<P>> runningSet = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private long picks;
    private long sequence;
    private int busyInstances;
    private int runningRequests;
    private boolean stopped;

    /**
     * @param instances    batches that may execute at once (llama.cpp slots, model instances)
     * @param maxBatchSize most batch elements per execution; empty: one request per execution
     */
    public SchedulerCore(String model, SchedulingConfig config, int instances, Optional<Integer> maxBatchSize, Ticker ticker) {
        this(model, config, instances, maxBatchSize, ticker, BatchCut.whole());
    }

    /** @param cut which requests of a formed batch run now (dynamic batching only; Triton's: {@link BatchCut#whole()}) */
    public SchedulerCore(String model, SchedulingConfig config, int instances, Optional<Integer> maxBatchSize, Ticker ticker, BatchCut<P> cut) {
        if (instances < 1) {
            throw new IllegalArgumentException("instances must be at least 1, got " + instances);
        }
        this.model = model;
        this.config = config;
        this.instances = instances;
        this.maxBatchSize = maxBatchSize;
        this.ticker = ticker;
        this.cut = cut;
        for (int level = 1; level <= config.priorityLevels(); level++) {
            queues.add(new PolicyQueue<>(level, config.policy(level)));
        }
    }

    /**
     * Queues a request, or refuses it at once.
     *
     * @throws QueueFullException           when its level's queue is full (the caller still owns the request)
     * @throws QuireException.InvalidRequest when its priority or size is out of range
     * @throws QuireException.Unavailable    after {@link #stop()}
     * @throws QuireException.DeadlineExceeded when the client's deadline has already passed
     */
    public synchronized ScheduledRequest<P> enqueue(RequestSpec spec, P payload) {
        int level = admissionLevel(spec);
        if (maxBatchSize.isPresent() && spec.size() > maxBatchSize.get()) {
            throw new QuireException.InvalidRequest("the request's batch size " + spec.size() + " exceeds max_batch_size "
                    + maxBatchSize.get() + " of model '" + model + "'; split it into batches of at most " + maxBatchSize.get());
        }
        if (maxBatchSize.isEmpty() && spec.size() > 1) {
            throw new QuireException.InvalidRequest("model '" + model + "' does not batch (no max_batch_size): send one element per request, got "
                    + spec.size());
        }
        PolicyQueue<P> queue = queues.get(level - 1);
        if (spec.clientDeadline().isPresent() && (spec.clientDeadline().get().isNegative() || spec.clientDeadline().get().isZero())) {
            throw new QuireException.DeadlineExceeded("the client's deadline passed before " + spec.label() + " reached the queue of model '"
                    + model + "'");
        }
        long now = ticker.nanos();
        QueuePolicy policy = queue.policy();
        OptionalLong deadline = policy.timeoutFor(spec.timeout())
                .map(t -> OptionalLong.of(now + t.toNanos())).orElse(OptionalLong.empty());
        OptionalLong clientDeadline = spec.clientDeadline().map(d -> OptionalLong.of(now + d.toNanos())).orElse(OptionalLong.empty());
        ScheduledRequest<P> request = new ScheduledRequest<>(sequence++, spec, level, now, deadline, clientDeadline, policy.timeoutAction(),
                payload);
        queue.add(request);
        return request;
    }

    /**
     * The refusals that need nothing but the request's scheduling parameters: shutting down, a bad
     * priority, a full queue. Callers ask before costly work (parsing, tokenizing) so that a burst
     * into a full queue is refused at once; {@link #enqueue} asks again, atomically with queueing.
     *
     * @throws QueueFullException            when the request's level's queue is full
     * @throws QuireException.InvalidRequest when its priority is out of range
     * @throws QuireException.Unavailable    after {@link #stop()}
     */
    public synchronized void checkAdmission(RequestSpec spec) {
        admissionLevel(spec);
    }

    private int admissionLevel(RequestSpec spec) {
        if (stopped) {
            throw new QuireException.Unavailable("model '" + model + "' is shutting down", null);
        }
        int level = level(spec);
        PolicyQueue<P> queue = queues.get(level - 1);
        if (queue.isFull()) {
            throw new QueueFullException(model, level, queue.policy().maxQueueSize().orElseThrow());
        }
        return level;
    }

    private int level(RequestSpec spec) {
        int level = spec.priority().orElse(config.defaultPriorityLevel());
        // Triton: priority 0 means "the default level".
        if (level == 0) {
            level = config.defaultPriorityLevel();
        }
        if (level < 1 || level > config.priorityLevels()) {
            throw new QuireException.InvalidRequest("parameter 'priority' is " + level + "; model '" + model + "' has priority levels 1.."
                    + config.priorityLevels() + " (1 is highest, 0 means the default " + config.defaultPriorityLevel() + ")");
        }
        return level;
    }

    /**
     * Marks a request cancelled. A queued one leaves the queue at once and is returned: the caller
     * answers it. A running one keeps its slot until the engine sees the flag (next token) and
     * {@link #finished} is called; then empty is returned. One whose batch was finished is left as
     * it is (gRPC reports every call's end as a cancel, answered or not; one that comes after the
     * answer but before {@code finished} only raises the flag of a request that stops anyway).
     */
    public synchronized Optional<ScheduledRequest<P>> cancel(ScheduledRequest<P> request) {
        if (queues.get(request.level() - 1).remove(request)) {
            request.markCancelled();
            return Optional.of(request);
        }
        if (runningSet.contains(request)) {
            request.markCancelled();
        }
        return Optional.empty();
    }

    /**
     * One scheduling step: stop running requests whose answer deadline passed, expire queue
     * timeouts, then fill free instances with batches.
     */
    public synchronized Step<P> step() {
        long now = ticker.nanos();
        stopExpiredRunning(now);
        List<ScheduledRequest<P>> timedOut = expireTimeouts(now);
        int freeInstances = instances - busyInstances;
        List<List<ScheduledRequest<P>>> batches = new ArrayList<>();
        OptionalLong batchWake = OptionalLong.empty();
        while (freeInstances > 0 && !stopped) {
            FormedBatch<P> formed = formBatch(now);
            if (formed.batch().isEmpty()) {
                batchWake = formed.wakeAt();
                break;
            }
            start(formed.batch());
            batches.add(formed.batch());
            freeInstances--;
        }
        checkInvariants();
        return new Step<>(batches, timedOut, earliest(batchWake, earliest(earliestDeadline(), earliestRunningDeadline())));
    }

    /** The instance that ran {@code batch} is free again. Precondition: the batch came from {@link #step()}. */
    public synchronized void finished(List<ScheduledRequest<P>> batch) {
        busyInstances--;
        runningRequests -= batch.size();
        for (ScheduledRequest<P> r : batch) {
            runningByTenant.merge(r.tenant(), -1, Integer::sum);
            runningSet.remove(r);
        }
        runningByTenant.values().removeIf(n -> n == 0);
        checkInvariants();
    }

    /**
     * Refuses new requests, asks running ones to stop at their next token, and hands back every
     * queued one for the caller to answer.
     */
    public synchronized List<ScheduledRequest<P>> stop() {
        stopped = true;
        runningSet.forEach(ScheduledRequest::markCancelled);
        List<ScheduledRequest<P>> drained = new ArrayList<>();
        for (PolicyQueue<P> q : queues) {
            drained.addAll(q.requests());
        }
        drained.forEach(r -> queues.get(r.level() - 1).remove(r));
        return drained;
    }

    /** Requests waiting in the queues. */
    public synchronized int pending() {
        return queues.stream().mapToInt(PolicyQueue::size).sum();
    }

    /** Requests queued or running (Triton's in-flight count). */
    public synchronized int inFlight() {
        return pending() + runningRequests;
    }

    /** Requests executing now. */
    public synchronized int running() {
        return runningRequests;
    }

    public String model() {
        return model;
    }

    /** Whether the request is answered in the order requests arrived (Triton's preserve_ordering). */
    public boolean preservesOrdering() {
        return config.preserveOrdering();
    }

    // ---- phase 0: running requests past their answer deadline ----------------------------------

    /**
     * Nobody waits for these answers any more: flag them as the cancel path does, so the engine
     * stops at its next token and frees the slot; the runner answers DEADLINE_EXCEEDED.
     */
    private void stopExpiredRunning(long now) {
        for (ScheduledRequest<P> r : runningSet) {
            if (!r.isCancelled() && r.answerDeadlineNanos().isPresent() && r.answerDeadlineNanos().getAsLong() <= now) {
                r.markDeadlinePassed();
            }
        }
    }

    private OptionalLong earliestRunningDeadline() {
        OptionalLong earliest = OptionalLong.empty();
        for (ScheduledRequest<P> r : runningSet) {
            if (!r.isCancelled()) {
                earliest = earliest(earliest, r.answerDeadlineNanos());
            }
        }
        return earliest;
    }

    // ---- phase 1: queue timeouts -------------------------------------------------------------

    /**
     * Requests whose client deadline passed leave their queue and are returned, whatever the
     * policy (the client is gone). Past their queue timeout, REJECT requests leave too; DELAY ones
     * move behind every undelayed request.
     */
    private List<ScheduledRequest<P>> expireTimeouts(long now) {
        List<ScheduledRequest<P>> rejected = new ArrayList<>();
        for (PolicyQueue<P> queue : queues) {
            for (ScheduledRequest<P> r : List.copyOf(queue.requests())) {
                if (r.clientDeadlineNanos().isPresent() && r.clientDeadlineNanos().getAsLong() <= now) {
                    queue.remove(r);
                    rejected.add(r);
                    continue;
                }
                if (r.delayed() || r.deadlineNanos().isEmpty() || r.deadlineNanos().getAsLong() > now) {
                    continue;
                }
                if (r.timeoutAction() == TimeoutAction.REJECT) {
                    queue.remove(r);
                    rejected.add(r);
                } else {
                    r.markDelayed();
                }
            }
        }
        return rejected;
    }

    private OptionalLong earliestDeadline() {
        OptionalLong earliest = OptionalLong.empty();
        for (PolicyQueue<P> queue : queues) {
            for (ScheduledRequest<P> r : queue.requests()) {
                if (!r.delayed() && r.deadlineNanos().isPresent()) {
                    earliest = earliest(earliest, r.deadlineNanos());
                }
                earliest = earliest(earliest, r.clientDeadlineNanos());
            }
        }
        return earliest;
    }

    // ---- phase 2: forming batches ------------------------------------------------------------

    /**
     * @param batch  requests to run together now; empty when nothing should run yet
     * @param wakeAt when the batch delay of a waiting partial batch ends
     */
    private record FormedBatch<P>(List<ScheduledRequest<P>> batch, OptionalLong wakeAt) {
    }

    /**
     * Picks requests in scheduling order until the batch is full. Without max_batch_size every
     * request runs alone (continuous batching: the engine interleaves its slots). With it, a batch
     * runs when it is full, reaches a preferred size, or its oldest request waited max_queue_delay;
     * the model's {@link BatchCut} then says which of its requests run now.
     */
    private FormedBatch<P> formBatch(long now) {
        // Each request holds at least one element, so a batch never needs more than max_batch_size picks.
        List<ScheduledRequest<P>> ordered = schedulingOrder(now, maxBatchSize.orElse(1));
        if (ordered.isEmpty()) {
            return new FormedBatch<>(List.of(), OptionalLong.empty());
        }
        if (maxBatchSize.isEmpty()) {
            return new FormedBatch<>(List.of(ordered.get(0)), OptionalLong.empty());
        }
        int max = maxBatchSize.get();
        List<ScheduledRequest<P>> batch = new ArrayList<>();
        int units = 0;
        for (ScheduledRequest<P> r : ordered) {
            if (units + r.size() > max) {
                break;
            }
            batch.add(r);
            units += r.size();
        }
        if (units == max) {
            return runNow(batch, batch, now);
        }
        long oldest = batch.stream().mapToLong(ScheduledRequest::enqueuedNanos).min().orElseThrow();
        Optional<Duration> delay = config.maxQueueDelay();
        if (delay.isEmpty() || now - oldest >= delay.get().toNanos()) {
            return runNow(batch, batch, now);
        }
        // Still inside the delay: run the largest preferred size we already have, else wait.
        int preferred = largestPreferredAtMost(units);
        if (preferred > 0) {
            return runNow(prefix(batch, preferred), batch, now);
        }
        return new FormedBatch<>(List.of(), OptionalLong.of(oldest + delay.get().toNanos()));
    }

    /** The part of {@code formed} that {@link #cut} runs now, chosen among the requests of {@code candidates} that rank with the first. */
    private FormedBatch<P> runNow(List<ScheduledRequest<P>> formed, List<ScheduledRequest<P>> candidates, long now) {
        ScheduledRequest<P> first = candidates.get(0);
        List<ScheduledRequest<P>> peers = candidates.stream()
                .filter(r -> r.delayed() == first.delayed() && agedLevel(r, now) == agedLevel(first, now))
                .toList();
        List<ScheduledRequest<P>> chosen = cut.runNow(formed, peers);
        if (!chosen.contains(first)) {
            throw new IllegalStateException("the batch cut of model '" + model + "' left out the first request " + first);
        }
        return new FormedBatch<>(chosen, OptionalLong.empty());
    }

    private int largestPreferredAtMost(int units) {
        int best = 0;
        for (int size : config.preferredBatchSizes()) {
            if (size <= units) {
                best = Math.max(best, size);
            }
        }
        return best;
    }

    /** The leading requests whose sizes add up to at most {@code units}. */
    private static <P> List<ScheduledRequest<P>> prefix(List<ScheduledRequest<P>> batch, int units) {
        List<ScheduledRequest<P>> out = new ArrayList<>();
        int sum = 0;
        for (ScheduledRequest<P> r : batch) {
            if (sum + r.size() > units) {
                break;
            }
            out.add(r);
            sum += r.size();
        }
        return out;
    }

    /**
     * Every queued request, best first: undelayed before delayed, then by aged priority level, then
     * the tenant with the fewest running requests, then the tenant served least recently, then
     * arrival. The tenant ranks are computed as if requests earlier in the order were started, so
     * one batch is shared fairly too. Stops after {@code limit} requests.
     */
    private List<ScheduledRequest<P>> schedulingOrder(long now, int limit) {
        List<ScheduledRequest<P>> remaining = new ArrayList<>();
        queues.forEach(q -> remaining.addAll(q.requests()));
        Map<String, Integer> running = new HashMap<>(runningByTenant);
        Map<String, Long> lastPick = new HashMap<>(lastPickByTenant);
        long pick = picks;
        List<ScheduledRequest<P>> ordered = new ArrayList<>(remaining.size());
        while (!remaining.isEmpty() && ordered.size() < limit) {
            Comparator<ScheduledRequest<P>> order = Comparator
                    .<ScheduledRequest<P>>comparingInt(r -> r.delayed() ? 1 : 0)
                    .thenComparingInt(r -> agedLevel(r, now))
                    .thenComparingInt(r -> running.getOrDefault(r.tenant(), 0))
                    .thenComparingLong(r -> lastPick.getOrDefault(r.tenant(), -1L))
                    .thenComparingLong(ScheduledRequest::sequence);
            ScheduledRequest<P> best = remaining.stream().min(order).orElseThrow();
            remaining.remove(best);
            ordered.add(best);
            running.merge(best.tenant(), 1, Integer::sum);
            lastPick.put(best.tenant(), pick++);
        }
        return ordered;
    }

    /** The request's level, raised by one for every aging interval it has waited (never above 1). */
    private int agedLevel(ScheduledRequest<P> r, long now) {
        if (config.agingInterval().isEmpty()) {
            return r.level();
        }
        long steps = (now - r.enqueuedNanos()) / config.agingInterval().get().toNanos();
        return (int) Math.max(1, r.level() - steps);
    }

    /** Precondition: every request of {@code batch} is queued. */
    private void start(List<ScheduledRequest<P>> batch) {
        for (ScheduledRequest<P> r : batch) {
            if (!queues.get(r.level() - 1).remove(r)) {
                throw new IllegalStateException(r + " was not queued");
            }
            runningByTenant.merge(r.tenant(), 1, Integer::sum);
            lastPickByTenant.put(r.tenant(), picks++);
            runningSet.add(r);
        }
        busyInstances++;
        runningRequests += batch.size();
    }

    private void checkInvariants() {
        if (busyInstances < 0 || busyInstances > instances) {
            throw new IllegalStateException("busy instances " + busyInstances + " outside 0.." + instances);
        }
        int byTenant = runningByTenant.values().stream().mapToInt(Integer::intValue).sum();
        if (byTenant != runningRequests || runningRequests < busyInstances || runningSet.size() != runningRequests) {
            throw new IllegalStateException("running requests " + runningRequests + ", by tenant " + byTenant + ", busy instances " + busyInstances);
        }
    }

    private static OptionalLong earliest(OptionalLong a, OptionalLong b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        return OptionalLong.of(Math.min(a.getAsLong(), b.getAsLong()));
    }
}
