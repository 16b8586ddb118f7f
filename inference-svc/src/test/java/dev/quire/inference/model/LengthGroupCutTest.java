package dev.quire.inference.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

import dev.quire.inference.engine.onnx.EmbeddingSettings;
import dev.quire.inference.engine.onnx.OnnxEmbeddingEngine;
import dev.quire.inference.repository.QueuePolicy;
import dev.quire.inference.repository.SchedulingConfig;
import dev.quire.inference.scheduler.RequestSpec;
import dev.quire.inference.scheduler.SchedulerCore;
import dev.quire.inference.scheduler.Step;
import dev.quire.inference.scheduler.Ticker;
import org.junit.jupiter.api.Test;

/** The embedder's batcher runs requests of about one length together; each test fails without the cut. */
class LengthGroupCutTest {

    private static SchedulerCore<EmbeddingJob> core(int instances) {
        SchedulingConfig config = new SchedulingConfig(List.of(), Optional.empty(), false, 1, 1, Optional.empty(),
                QueuePolicy.defaults(), Map.of());
        return new SchedulerCore<>("embedder", config, instances, Optional.of(32), Ticker.SYSTEM, new LengthGroupCut());
    }

    /** A request named {@code name} of {@code texts} texts whose longest takes {@code tokens} tokens. */
    private static void enqueue(SchedulerCore<EmbeddingJob> core, String name, int texts, OptionalInt tokens) {
        core.enqueue(RequestSpec.simple(name).withSize(texts),
                new EmbeddingJob(Collections.nCopies(texts, name), tokens, new CompletableFuture<>()));
    }

    private static List<List<String>> names(Step<EmbeddingJob> step) {
        return step.batches().stream().map(b -> b.stream().map(r -> r.payload().texts().get(0)).toList()).toList();
    }

    @Test
    void shortAndLongRequestsRunApartEachGroupOnAFreeInstanceInTheBatchersOrder() {
        SchedulerCore<EmbeddingJob> core = core(2);
        enqueue(core, "s1", 1, OptionalInt.of(8));
        enqueue(core, "l1", 1, OptionalInt.of(40));
        enqueue(core, "s2", 1, OptionalInt.of(9));
        enqueue(core, "l2", 1, OptionalInt.of(41));
        enqueue(core, "s3", 1, OptionalInt.of(8));
        // Together: 12 + 5 * 41 = 217 token-times; short and long apart: 12 + 3 * 9 + 12 + 2 * 41 = 133.
        assertEquals(List.of(List.of("s1", "s2", "s3"), List.of("l1", "l2")), names(core.step()));
    }

    @Test
    void whatTheFirstGroupLeavesWaitsForTheNextFreeInstance() {
        SchedulerCore<EmbeddingJob> core = core(1);
        enqueue(core, "l1", 1, OptionalInt.of(40));
        enqueue(core, "s1", 1, OptionalInt.of(8));
        enqueue(core, "l2", 1, OptionalInt.of(41));
        Step<EmbeddingJob> first = core.step();
        assertEquals(List.of(List.of("l1", "l2")), names(first), "the first request's group runs, whatever its length");
        assertEquals(1, core.pending());
        core.finished(first.batches().get(0));
        assertEquals(List.of(List.of("s1")), names(core.step()));
    }

    @Test
    void aRequestOfSeveralTextsWeighsAsManyTexts() {
        SchedulerCore<EmbeddingJob> core = core(2);
        enqueue(core, "six", 6, OptionalInt.of(10));
        enqueue(core, "one", 1, OptionalInt.of(14));
        // As one text each they would share a call (12 + 2 * 14 = 40 against 12 + 10 + 12 + 14 = 48); six texts padded
        // from 10 to 14 tokens cost more than a call: 12 + 7 * 14 = 110 against 12 + 60 + 12 + 14 = 98.
        assertEquals(List.of(List.of("six"), List.of("one")), names(core.step()));
    }

    @Test
    void requestsOfUnknownLengthRunAsTheBatchWasFormed() {
        SchedulerCore<EmbeddingJob> core = core(2);
        enqueue(core, "s1", 1, OptionalInt.of(8));
        enqueue(core, "x", 1, OptionalInt.empty());
        enqueue(core, "l1", 1, OptionalInt.of(200));
        assertEquals(List.of(List.of("s1", "x", "l1")), names(core.step()));
    }

    @Test
    void onlyAnEngineThatCountsTokensGetsTheLengthCut() {
        try (OnnxEmbeddingEngine engine = OnnxEmbeddingEngine.miniLm(new EmbeddingSettings(8, 64, 1, true))) {
            assertInstanceOf(LengthGroupCut.class, LengthGroupCut.forEngine(engine), "ONNX Runtime with length buckets (the default)");
        }
        EmbeddingRunnerTest.RecordingEngine remoteLike = new EmbeddingRunnerTest.RecordingEngine();
        assertFalse(LengthGroupCut.forEngine(remoteLike) instanceof LengthGroupCut, "an engine that does not count tokens gets batches whole");
    }

    @Test
    void aJobForTheOnnxEngineCarriesItsLongestTextsTokens() {
        try (OnnxEmbeddingEngine engine = OnnxEmbeddingEngine.miniLm(new EmbeddingSettings(8, 64, 1, true))) {
            EmbeddingJob job = EmbeddingJob.forEngine(engine, List.of("hi", "hello big world"), new CompletableFuture<>());
            assertEquals(OptionalInt.of(5), job.longestTokens(), "[CLS] hello big world [SEP]");
        }
        try (OnnxEmbeddingEngine engine = OnnxEmbeddingEngine.miniLm(new EmbeddingSettings(8, 64, 1, false))) {
            assertEquals(OptionalInt.empty(), EmbeddingJob.forEngine(engine, List.of("hi"), new CompletableFuture<>()).longestTokens());
        }
    }
}
