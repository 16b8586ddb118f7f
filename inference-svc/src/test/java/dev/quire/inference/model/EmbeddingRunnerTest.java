package dev.quire.inference.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.quire.common.QuireException;
import dev.quire.inference.engine.onnx.EmbeddingEngine;
import dev.quire.inference.engine.onnx.Embeddings;
import dev.quire.inference.metrics.ModelStatistics;
import dev.quire.inference.repository.QueuePolicy;
import dev.quire.inference.repository.SchedulingConfig;
import dev.quire.inference.scheduler.RequestSpec;
import dev.quire.inference.scheduler.Responses;
import dev.quire.inference.scheduler.ScheduledRequest;
import dev.quire.inference.scheduler.SchedulerCore;
import org.junit.jupiter.api.Test;

/** One engine call per batch; a request nobody waits for any more is left out of it. */
class EmbeddingRunnerTest {

    /** Records the texts of each call; the vector of a call's i-th text is [1, i]. */
    static final class RecordingEngine implements EmbeddingEngine {
        final List<List<String>> calls = new CopyOnWriteArrayList<>();

        @Override
        public Embeddings embed(List<String> texts) {
            calls.add(List.copyOf(texts));
            float[][] vectors = new float[texts.size()][];
            for (int i = 0; i < vectors.length; i++) {
                vectors[i] = new float[] {1f, i};
            }
            return new Embeddings(vectors, List.of(), 256);
        }

        @Override
        public int dimension() {
            return 2;
        }

        @Override
        public int maxBatchSize() {
            return 8;
        }

        @Override
        public int maxTokens() {
            return 256;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void oneEngineCallForTheBatchAndEachRequestGetsItsOwnRowsInOrder() throws Exception {
        SchedulerCore<EmbeddingJob> core = new SchedulerCore<>("embedder",
                new SchedulingConfig(List.of(), Optional.empty(), false, 1, 1, Optional.empty(), QueuePolicy.defaults(), Map.of()),
                1, Optional.of(8), () -> 0L);
        CompletableFuture<Embeddings> three = new CompletableFuture<>();
        CompletableFuture<Embeddings> five = new CompletableFuture<>();
        core.enqueue(RequestSpec.simple("three").withSize(3), new EmbeddingJob(List.of("a", "b", "c"), three));
        core.enqueue(RequestSpec.simple("five").withSize(5), new EmbeddingJob(List.of("d", "e", "f", "g", "h"), five));
        List<ScheduledRequest<EmbeddingJob>> batch = core.step().batches().get(0);

        RecordingEngine engine = new RecordingEngine();
        new EmbeddingRunner(engine, new ModelStatistics("embedder")).run(batch, Responses.IMMEDIATE);

        assertEquals(List.of(List.of("a", "b", "c", "d", "e", "f", "g", "h")), engine.calls, "both requests in one call, in order");
        assertEquals(List.of(0f, 1f, 2f), secondColumn(three.get(10, TimeUnit.SECONDS)));
        assertEquals(List.of(3f, 4f, 5f, 6f, 7f), secondColumn(five.get(10, TimeUnit.SECONDS)), "the later request's rows, not the first's");
    }

    private static List<Float> secondColumn(Embeddings embeddings) {
        return java.util.Arrays.stream(embeddings.vectors()).map(v -> v[1]).toList();
    }

    @Test
    void aRequestPastItsClientDeadlineIsAnsweredDeadlineExceededAndLeftOutOfTheEngineCall() throws Exception {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        SchedulerCore<EmbeddingJob> core = new SchedulerCore<>("embedder",
                new SchedulingConfig(List.of(), Optional.empty(), false, 1, 1, Optional.empty(), QueuePolicy.defaults(), Map.of()),
                1, Optional.of(8), now::get);
        CompletableFuture<Embeddings> late = new CompletableFuture<>();
        CompletableFuture<Embeddings> onTime = new CompletableFuture<>();
        core.enqueue(RequestSpec.simple("late").withClientDeadline(Duration.ofMillis(10)), new EmbeddingJob(List.of("late text"), late));
        core.enqueue(RequestSpec.simple("on-time"), new EmbeddingJob(List.of("on time"), onTime));
        List<ScheduledRequest<EmbeddingJob>> batch = core.step().batches().get(0);
        assertEquals(2, batch.size());
        now.addAndGet(Duration.ofMillis(10).toNanos());
        core.step(); // the driver's step at the deadline flags the started request

        RecordingEngine engine = new RecordingEngine();
        ModelStatistics stats = new ModelStatistics("embedder");
        new EmbeddingRunner(engine, stats).run(batch, Responses.IMMEDIATE);

        assertEquals(List.of(List.of("on time")), engine.calls, "the late text is not embedded");
        assertEquals(1, onTime.get(10, TimeUnit.SECONDS).size());
        ExecutionException failure = assertThrows(ExecutionException.class, () -> late.get(10, TimeUnit.SECONDS));
        assertInstanceOf(QuireException.DeadlineExceeded.class, failure.getCause());
        assertTrue(failure.getCause().getMessage().contains("the client's deadline"), failure.getCause().getMessage());
        assertEquals(1, stats.failures(ModelStatistics.FailureReason.REJECTED));
    }

    @Test
    void theBatchDeadlineIsTheLatestOfItsRequestsAndNoneWhileOneHasNone() {
        SchedulerCore<EmbeddingJob> core = new SchedulerCore<>("embedder",
                new SchedulingConfig(List.of(), Optional.empty(), false, 1, 1, Optional.empty(), QueuePolicy.defaults(), Map.of()),
                1, Optional.of(8), () -> 0L);
        core.enqueue(RequestSpec.simple("soon").withTimeout(Duration.ofSeconds(1)), new EmbeddingJob(List.of("a"), new CompletableFuture<>()));
        core.enqueue(RequestSpec.simple("later").withTimeout(Duration.ofSeconds(5)), new EmbeddingJob(List.of("b"), new CompletableFuture<>()));
        core.enqueue(RequestSpec.simple("never"), new EmbeddingJob(List.of("c"), new CompletableFuture<>()));
        List<ScheduledRequest<EmbeddingJob>> all = core.step().batches().get(0);
        assertEquals(3, all.size());

        java.time.Instant soon = EmbeddingRunner.batchDeadline(List.of(all.get(0))).orElseThrow();
        java.time.Instant both = EmbeddingRunner.batchDeadline(all.subList(0, 2)).orElseThrow();
        long apartMillis = Duration.between(soon, both).toMillis();
        assertTrue(apartMillis > 3_900 && apartMillis < 4_100, "the later request's deadline, 4 s after the earlier one's: " + apartMillis + " ms");
        assertEquals(Optional.empty(), EmbeddingRunner.batchDeadline(all), "one request waits without a deadline");
    }
}
