package dev.quire.inference.engine.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.quire.common.QuireException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The batcher in front of the real MiniLM engine; a recording wrapper shows which batches ran. */
class EmbeddingBatcherTest {

    private static OnnxEmbeddingEngine engine;

    @BeforeAll
    static void load() {
        engine = OnnxEmbeddingEngine.miniLm(new EmbeddingSettings(8, 64, 1, false));
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    /** Records batch sizes; can hold the first call until released. */
    static final class RecordingEngine implements EmbeddingEngine {
        final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        final CountDownLatch entered;
        final CountDownLatch release;
        RuntimeException failure;

        RecordingEngine(boolean holdFirstCall) {
            this(holdFirstCall, 1);
        }

        /** Holds every call until {@code release}; {@code entered} opens once {@code calls} calls are inside. */
        RecordingEngine(boolean hold, int calls) {
            this.release = new CountDownLatch(hold ? 1 : 0);
            this.entered = new CountDownLatch(calls);
        }

        @Override
        public Embeddings embed(List<String> texts) {
            batchSizes.add(texts.size());
            entered.countDown();
            try {
                // Bounded: a test that fails before releasing must not leave the worker (and close()) stuck.
                if (!release.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never released the engine");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failure != null) {
                throw failure;
            }
            return engine.embed(texts);
        }

        @Override
        public int dimension() {
            return engine.dimension();
        }

        @Override
        public int maxBatchSize() {
            return engine.maxBatchSize();
        }

        @Override
        public int maxTokens() {
            return engine.maxTokens();
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aFullBatchRunsAsOneEngineCallWithoutWaitingForTheDelay() throws Exception {
        RecordingEngine recording = new RecordingEngine(false);
        // An hour of delay: the batch can only finish in time because it filled up.
        try (EmbeddingBatcher batcher = new EmbeddingBatcher(recording, new EmbeddingBatcher.Settings(8, Duration.ofHours(1), 64, 1))) {
            List<CompletableFuture<Embeddings>> futures = new ArrayList<>();
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                texts.add("question number " + i + " about " + "x".repeat(i * 3));
                futures.add(batcher.submit(List.of(texts.get(i))));
            }
            for (int i = 0; i < 8; i++) {
                float[] vector = futures.get(i).get(60, TimeUnit.SECONDS).vectors()[0];
                assertArrayEquals(engine.embed(List.of(texts.get(i))).vectors()[0], vector, 1e-5f, "text " + i);
            }
            assertEquals(List.of(8), recording.batchSizes);
        }
    }

    @Test
    void aPreferredSizeBatchRunsWithoutWaitingForTheMaxOrTheDelay() throws Exception {
        RecordingEngine recording = new RecordingEngine(false);
        try (EmbeddingBatcher batcher = new EmbeddingBatcher(recording,
                new EmbeddingBatcher.Settings(8, Duration.ofHours(1), 64, 1, java.util.OptionalInt.of(4)))) {
            List<CompletableFuture<Embeddings>> futures = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                futures.add(batcher.submit(List.of("preferred " + i)));
            }
            for (CompletableFuture<Embeddings> f : futures) {
                assertEquals(1, f.get(60, TimeUnit.SECONDS).size());
            }
            assertEquals(List.of(4), recording.batchSizes);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new EmbeddingBatcher.Settings(8, Duration.ZERO, 64, 1, java.util.OptionalInt.of(9)));
        assertTrue(e.getMessage().contains("between 1 and the max batch size 8"), e.getMessage());
    }

    @Test
    void aBurstIsSharedBetweenIdleInstancesWhichRunAtOnce() throws Exception {
        RecordingEngine recording = new RecordingEngine(true, 2);
        try (EmbeddingBatcher batcher = new EmbeddingBatcher(recording, new EmbeddingBatcher.Settings(8, Duration.ofHours(1), 64, 2))) {
            List<CompletableFuture<Embeddings>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                futures.add(batcher.submit(List.of("burst " + i)));
            }
            try {
                // Both instances are inside the engine at the same time, each with half the burst.
                assertTrue(recording.entered.await(60, TimeUnit.SECONDS), "the second instance never ran: " + recording.batchSizes);
            } finally {
                recording.release.countDown();
            }
            for (CompletableFuture<Embeddings> f : futures) {
                assertEquals(1, f.get(60, TimeUnit.SECONDS).size());
            }
            assertEquals(List.of(4, 4), recording.batchSizes);
        }
    }

    @Test
    void multiTextRequestsStayTogetherAndGetTheirOwnSlice() throws Exception {
        RecordingEngine recording = new RecordingEngine(false);
        try (EmbeddingBatcher batcher = new EmbeddingBatcher(recording, new EmbeddingBatcher.Settings(8, Duration.ofHours(1), 64, 1))) {
            CompletableFuture<Embeddings> a = batcher.submit(List.of("alpha", "beta", "gamma"));
            CompletableFuture<Embeddings> b = batcher.submit(List.of("delta", "epsilon", "zeta", "eta", "theta"));
            Embeddings first = a.get(60, TimeUnit.SECONDS);
            Embeddings second = b.get(60, TimeUnit.SECONDS);
            assertEquals(3, first.size());
            assertEquals(5, second.size());
            assertArrayEquals(engine.embed(List.of("gamma")).vectors()[0], first.vectors()[2], 1e-5f);
            assertArrayEquals(engine.embed(List.of("delta")).vectors()[0], second.vectors()[0], 1e-5f);
            assertEquals(List.of(8), recording.batchSizes);
        }
    }

    @Test
    void aFullQueueRejectsAtOnceAndAdmittedRequestsAllFinish() throws Exception {
        RecordingEngine recording = new RecordingEngine(true);
        try (EmbeddingBatcher batcher = new EmbeddingBatcher(recording, new EmbeddingBatcher.Settings(1, Duration.ZERO, 2, 1))) {
            CompletableFuture<Embeddings> running = batcher.submit(List.of("running"));
            assertTrue(recording.entered.await(60, TimeUnit.SECONDS));
            CompletableFuture<Embeddings> queued1 = batcher.submit(List.of("queued one"));
            CompletableFuture<Embeddings> queued2 = batcher.submit(List.of("queued two"));
            QuireException full = assertThrows(QuireException.Unavailable.class, () -> batcher.submit(List.of("one too many")));
            assertTrue(full.getMessage().contains("max_queue_size 2"), full.getMessage());
            recording.release.countDown();
            for (CompletableFuture<Embeddings> f : List.of(running, queued1, queued2)) {
                assertEquals(1, f.get(60, TimeUnit.SECONDS).size());
            }
            assertEquals(List.of(1, 1, 1), recording.batchSizes);
        }
    }

    @Test
    void anEngineFailureReachesEveryRequestOfTheBatch() throws Exception {
        RecordingEngine recording = new RecordingEngine(true);
        recording.failure = new QuireException.InvalidRequest("boom");
        try (EmbeddingBatcher batcher = new EmbeddingBatcher(recording, new EmbeddingBatcher.Settings(2, Duration.ofHours(1), 4, 1))) {
            CompletableFuture<Embeddings> a = batcher.submit(List.of("a"));
            CompletableFuture<Embeddings> b = batcher.submit(List.of("b"));
            recording.release.countDown();
            for (CompletableFuture<Embeddings> f : List.of(a, b)) {
                ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(60, TimeUnit.SECONDS));
                assertEquals("boom", e.getCause().getMessage());
            }
        }
    }

    @Test
    void badRequestsAndRequestsAfterCloseAreRefused() {
        RecordingEngine recording = new RecordingEngine(false);
        EmbeddingBatcher batcher = new EmbeddingBatcher(recording, new EmbeddingBatcher.Settings(4, Duration.ZERO, 8, 1));
        QuireException tooBig = assertThrows(QuireException.InvalidRequest.class, () -> batcher.submit(List.of("1", "2", "3", "4", "5")));
        assertTrue(tooBig.getMessage().contains("max_batch_size is 4"), tooBig.getMessage());
        assertThrows(QuireException.InvalidRequest.class, () -> batcher.submit(List.of()));
        batcher.close();
        QuireException closed = assertThrows(QuireException.Unavailable.class, () -> batcher.submit(List.of("late")));
        assertTrue(closed.getMessage().contains("shut down"), closed.getMessage());
        assertTrue(recording.batchSizes.isEmpty());
    }

    @Test
    void aBatcherLargerThanTheEngineIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new EmbeddingBatcher(engine, new EmbeddingBatcher.Settings(16, Duration.ZERO, 32, 1)));
        assertTrue(e.getMessage().contains("16") && e.getMessage().contains("8"), e.getMessage());
    }
}
