package dev.quire.inference.engine.onnx;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import dev.quire.common.QuireException;

/**
 * A small dynamic batcher in front of an {@link EmbeddingEngine}: requests queue up, and each of
 * {@code instances} worker threads runs them as padded batches of up to {@code maxBatchSize} texts, waiting at most
 * {@code maxQueueDelay} after the oldest queued request for a batch to fill (Triton's
 * {@code max_batch_size} / {@code max_queue_delay_microseconds}).
 * <p>
 * Stop-gap until inference-svc's scheduler owns dynamic batching: it lives beside the engine so
 * the embeddings benchmark can measure batching now. Ownership: after {@link #submit} returns a
 * future, the batcher completes it (with vectors, or with the engine's or the close's failure);
 * when {@link #submit} throws, nothing was queued.
 */
public final class EmbeddingBatcher implements AutoCloseable {

    /** Longest the constructor waits for its worker threads to start. */
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(30);

    /**
     * @param maxBatchSize  most texts in one engine call (at most the engine's own limit)
     * @param maxQueueDelay longest the oldest request waits for the batch to fill; zero runs whatever is queued
     * @param maxQueueSize  most texts waiting; more are rejected at once
     * @param instances     batches run at once (Triton's instance_group count), each on its own thread
     * @param preferredBatchSize a batch this large runs at once without waiting for max size or delay
     *                      (Triton's preferred_batch_size); empty: only a full batch or the delay starts one
     */
    public record Settings(int maxBatchSize, Duration maxQueueDelay, int maxQueueSize, int instances, OptionalInt preferredBatchSize) {

        public Settings(int maxBatchSize, Duration maxQueueDelay, int maxQueueSize, int instances) {
            this(maxBatchSize, maxQueueDelay, maxQueueSize, instances, OptionalInt.empty());
        }

        public Settings {
            if (preferredBatchSize.isPresent() && (preferredBatchSize.getAsInt() < 1 || preferredBatchSize.getAsInt() > maxBatchSize)) {
                throw new IllegalArgumentException("preferred batch size must be between 1 and the max batch size " + maxBatchSize
                        + ", got " + preferredBatchSize.getAsInt());
            }
            if (instances < 1) {
                throw new IllegalArgumentException("instances must be at least 1, got " + instances);
            }
            if (maxBatchSize < 1) {
                throw new IllegalArgumentException("max batch size must be at least 1, got " + maxBatchSize);
            }
            if (maxQueueDelay.isNegative()) {
                throw new IllegalArgumentException("max queue delay must not be negative, got " + maxQueueDelay);
            }
            if (maxQueueSize < maxBatchSize) {
                throw new IllegalArgumentException("max queue size (" + maxQueueSize + ") must hold at least one batch (" + maxBatchSize + ")");
            }
        }
    }

    /** @param arrivalNanos System.nanoTime() when queued */
    private record Pending(List<String> texts, CompletableFuture<Embeddings> future, long arrivalNanos) {
    }

    private final EmbeddingEngine engine;
    private final Settings settings;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Guarded by {@link #lock}. */
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    /** Texts in {@link #queue}; guarded by {@link #lock}. */
    private int queuedTexts;
    /** Queued texts already due (batch full or delay over) that idle instances still share; guarded by {@link #lock}. */
    private int readyTexts;
    /** Instances waiting in {@link #nextBatch()}; guarded by {@link #lock}. */
    private int idleInstances;
    private boolean closed;
    private final List<Thread> workers = new ArrayList<>();

    public EmbeddingBatcher(EmbeddingEngine engine, Settings settings) {
        if (settings.maxBatchSize() > engine.maxBatchSize()) {
            throw new IllegalArgumentException("batcher max batch size " + settings.maxBatchSize()
                    + " exceeds the engine's limit " + engine.maxBatchSize());
        }
        this.engine = engine;
        this.settings = settings;
        for (int i = 0; i < settings.instances(); i++) {
            Thread worker = new Thread(this::loop, "embedding-batcher-" + i);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        awaitIdleInstances();
    }

    /**
     * Returns once every worker waits for work. Without this a burst submitted right after
     * construction could be split only among the workers that happened to be scheduled already,
     * so one instance took the whole burst while the other stayed unused.
     */
    private void awaitIdleInstances() {
        long deadline = System.nanoTime() + STARTUP_WAIT.toNanos();
        lock.lock();
        try {
            while (idleInstances < settings.instances()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("only " + idleInstances + " of " + settings.instances()
                            + " embedding batcher workers started within " + STARTUP_WAIT.toSeconds() + " s");
                }
                changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues one request of one or more texts; its texts always run in the same batch.
     *
     * @throws QuireException.InvalidRequest when the request is empty or larger than a batch
     * @throws QuireException.Unavailable    when the queue is full or the batcher is closed
     */
    public CompletableFuture<Embeddings> submit(List<String> texts) {
        if (texts == null || texts.isEmpty()) {
            throw new QuireException.InvalidRequest("no text to embed: send between 1 and " + settings.maxBatchSize() + " texts");
        }
        if (texts.size() > settings.maxBatchSize()) {
            throw new QuireException.InvalidRequest("got " + texts.size() + " texts in one request; max_batch_size is " + settings.maxBatchSize());
        }
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i) == null) {
                throw new QuireException.InvalidRequest("text " + i + " is null; every element must be a string");
            }
        }
        Pending pending = new Pending(List.copyOf(texts), new CompletableFuture<>(), System.nanoTime());
        lock.lock();
        try {
            if (closed) {
                throw new QuireException.Unavailable("the embedding batcher is shut down", null);
            }
            if (queuedTexts + texts.size() > settings.maxQueueSize()) {
                throw new QuireException.Unavailable("the embedding queue is full (" + queuedTexts + " texts waiting, max_queue_size "
                        + settings.maxQueueSize() + "); retry later", null);
            }
            queue.addLast(pending);
            queuedTexts += texts.size();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        return pending.future();
    }

    private void loop() {
        while (true) {
            List<Pending> batch;
            try {
                batch = nextBatch();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (batch == null) {
                return;
            }
            run(batch);
        }
    }

    /**
     * Blocks until a batch is full (or of the preferred size) or its oldest request has waited the max delay; null once closed
     * and drained. When several instances are idle the queue is shared between them, so a burst
     * runs on all instances at once instead of one after another.
     */
    private List<Pending> nextBatch() throws InterruptedException {
        lock.lock();
        idleInstances++;
        // The constructor waits for every instance to be idle.
        changed.signalAll();
        try {
            while (true) {
                while (queue.isEmpty() && !closed) {
                    changed.await();
                }
                if (queue.isEmpty()) {
                    return null;
                }
                // Wait for the batch to fill, but never past the oldest request's delay.
                long deadline = queue.peekFirst().arrivalNanos() + settings.maxQueueDelay().toNanos();
                int due = settings.preferredBatchSize().orElse(settings.maxBatchSize());
                while (!closed && !queue.isEmpty() && readyTexts == 0 && queuedTexts < due) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    changed.awaitNanos(left);
                }
                if (!queue.isEmpty()) {
                    // What is queued now is due: idle instances share it without waiting again.
                    if (readyTexts == 0) {
                        readyTexts = queuedTexts;
                    }
                    // Split evenly over the idle instances (CPU cores gain more from parallel batches than
                    // from larger ones), but a batch that reached the preferred size keeps that size.
                    int share = (readyTexts + idleInstances - 1) / idleInstances;
                    if (settings.preferredBatchSize().isPresent() && readyTexts >= due) {
                        share = Math.max(share, due);
                    }
                    List<Pending> batch = take(Math.min(settings.maxBatchSize(), share));
                    changed.signalAll();
                    return batch;
                }
                // Another instance took the queue while this one waited: start over.
            }
        } finally {
            idleInstances--;
            lock.unlock();
        }
    }

    /** Takes whole requests up to {@code limit} texts (at least the head request); caller holds the lock. */
    private List<Pending> take(int limit) {
        List<Pending> batch = new ArrayList<>();
        int texts = 0;
        while (!queue.isEmpty() && (batch.isEmpty() || texts + queue.peekFirst().texts().size() <= limit)) {
            Pending p = queue.pollFirst();
            batch.add(p);
            texts += p.texts().size();
        }
        queuedTexts -= texts;
        readyTexts = Math.max(0, readyTexts - texts);
        return batch;
    }

    /** One engine call for the whole batch, then each request gets its own slice. */
    private void run(List<Pending> batch) {
        List<String> texts = new ArrayList<>();
        for (Pending p : batch) {
            texts.addAll(p.texts());
        }
        Embeddings all;
        try {
            all = engine.embed(texts);
        } catch (RuntimeException e) {
            batch.forEach(p -> p.future().completeExceptionally(e));
            return;
        }
        int offset = 0;
        for (Pending p : batch) {
            int n = p.texts().size();
            float[][] vectors = java.util.Arrays.copyOfRange(all.vectors(), offset, offset + n);
            List<Integer> truncated = new ArrayList<>();
            for (int index : all.truncated()) {
                if (index >= offset && index < offset + n) {
                    truncated.add(index - offset);
                }
            }
            p.future().complete(new Embeddings(vectors, truncated, all.maxTokens()));
            offset += n;
        }
    }

    /** Runs what is already queued, then stops the worker; later submits are refused. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            for (Thread worker : workers) {
                worker.join(TimeUnit.MINUTES.toMillis(1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
