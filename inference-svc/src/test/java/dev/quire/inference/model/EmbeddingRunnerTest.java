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

    /** Records the texts of each call; every vector is [1, 0]. */
    static final class RecordingEngine implements EmbeddingEngine {
        final List<List<String>> calls = new CopyOnWriteArrayList<>();

        @Override
        public Embeddings embed(List<String> texts) {
            calls.add(List.copyOf(texts));
            float[][] vectors = new float[texts.size()][];
            for (int i = 0; i < vectors.length; i++) {
                vectors[i] = new float[] {1f, 0f};
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
}
