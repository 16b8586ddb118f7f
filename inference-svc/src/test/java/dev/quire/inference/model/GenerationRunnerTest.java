package dev.quire.inference.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import dev.quire.inference.engine.GenerationOptions;
import dev.quire.inference.engine.GenerationResult;
import dev.quire.inference.engine.TextGenerationEngine;
import dev.quire.inference.engine.TokenSink;
import dev.quire.inference.metrics.ModelStatistics;
import dev.quire.inference.repository.QueuePolicy;
import dev.quire.inference.repository.SchedulingConfig;
import dev.quire.inference.scheduler.RequestCancelledException;
import dev.quire.inference.scheduler.RequestSpec;
import dev.quire.inference.scheduler.Responses;
import dev.quire.inference.scheduler.ScheduledRequest;
import dev.quire.inference.scheduler.SchedulerCore;
import dev.quire.inference.scheduler.Step;
import dev.quire.inference.scheduler.Ticker;
import org.junit.jupiter.api.Test;

/**
 * The runner hands the scheduler's cancel flag to the engine, so generation stops at the next
 * token, and the request's answer deadline to the engine as its own deadline.
 */
class GenerationRunnerTest {

    /** Emits one token per call of its loop and checks the sink between tokens, as LlamaCppEngine does. */
    static final class CountingEngine implements TextGenerationEngine {
        int tokensGenerated;
        boolean cachesPromptsPerSlot;
        Runnable afterFirstToken = () -> { };
        GenerationOptions lastOptions;
        int countCalls;
        int givenPromptTokens = -1;

        @Override
        public GenerationResult generateOnSlot(String prompt, int promptTokens, GenerationOptions options, TokenSink sink, int slot) {
            givenPromptTokens = promptTokens;
            return generate(prompt, options, sink);
        }

        @Override
        public GenerationResult generate(String prompt, GenerationOptions options, TokenSink sink) {
            lastOptions = options;
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < options.maxTokens(); i++) {
                if (sink.cancelled()) {
                    return new GenerationResult(text.toString(), 3, i, true);
                }
                tokensGenerated++;
                text.append("t");
                sink.accept("t");
                if (i == 0) {
                    afterFirstToken.run();
                }
            }
            return new GenerationResult(text.toString(), 3, options.maxTokens(), false);
        }

        @Override
        public boolean cachesPromptsPerSlot() {
            return cachesPromptsPerSlot;
        }

        @Override
        public int countTokens(String prompt) {
            countCalls++;
            return 3;
        }

        @Override
        public int contextSize() {
            return 4096;
        }

        @Override
        public String jsonSchemaToGrammar(String jsonSchema) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }

    private final SchedulerCore<GenerationJob> core = new SchedulerCore<>("m",
            new SchedulingConfig(List.of(), Optional.empty(), false, 1, 1, Optional.empty(), QueuePolicy.defaults(), Map.of()),
            1, Optional.empty(), Ticker.SYSTEM);

    private ScheduledRequest<GenerationJob> start(CompletableFuture<GenerationResult> result) {
        return start(RequestSpec.simple("r"), result);
    }

    private ScheduledRequest<GenerationJob> start(RequestSpec spec, CompletableFuture<GenerationResult> result) {
        core.enqueue(spec, new GenerationJob("p", 3, GenerationOptions.greedy(1000), piece -> { }, result));
        Step<GenerationJob> step = core.step();
        return step.batches().get(0).get(0);
    }

    @Test
    void cancellingStopsGenerationAtTheNextToken() throws Exception {
        CountingEngine engine = new CountingEngine();
        ModelStatistics stats = new ModelStatistics("m");
        CompletableFuture<GenerationResult> result = new CompletableFuture<>();
        ScheduledRequest<GenerationJob> request = start(result);
        engine.afterFirstToken = () -> core.cancel(request);

        new GenerationRunner(engine, 1, stats).run(List.of(request), Responses.IMMEDIATE);

        assertEquals(1, engine.tokensGenerated, "no token is generated after the cancel");
        ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, result::get);
        assertInstanceOf(RequestCancelledException.class, failure.getCause());
        assertEquals(1, stats.failures(ModelStatistics.FailureReason.CANCELED));
    }

    @Test
    void aFinishedGenerationRecordsTokensAndLatencies() throws Exception {
        CountingEngine engine = new CountingEngine();
        ModelStatistics stats = new ModelStatistics("m");
        CompletableFuture<GenerationResult> result = new CompletableFuture<>();
        ScheduledRequest<GenerationJob> request = start(result);

        new GenerationRunner(engine, 1, stats).run(List.of(request), Responses.IMMEDIATE);

        assertEquals(1000, result.get(30, java.util.concurrent.TimeUnit.SECONDS).text().length());
        assertEquals(1, stats.success.count());
        assertEquals(1, stats.timeToFirstToken.count());
        assertEquals(999, stats.interTokenLatency.count());
        assertEquals(1000.0, stats.generatedTokens.sum());
        assertTrue(stats.promptTokens.sum() == 3.0);
    }

    @Test
    void theEngineGetsThePromptCountedAtIntakeAndDoesNotCountItAgain() {
        CountingEngine engine = new CountingEngine();
        core.enqueue(RequestSpec.simple("r"), new GenerationJob("p", 7, GenerationOptions.greedy(2), piece -> { }, new CompletableFuture<>()));

        new GenerationRunner(engine, 1, new ModelStatistics("m")).run(core.step().batches().get(0), Responses.IMMEDIATE);

        assertEquals(7, engine.givenPromptTokens, "the job's count reaches the engine");
        assertEquals(0, engine.countCalls, "the runner does not tokenize the prompt again");
    }

    /** Runs two requests with the same 100-character prompt, one after the other, on the core's only slot. */
    private void runSamePromptTwice(GenerationRunner runner) {
        String prompt = "You write SQL for this schema: ".repeat(4).substring(0, 100);
        for (String id : List.of("first", "second")) {
            core.enqueue(RequestSpec.simple(id), new GenerationJob(prompt, 3, GenerationOptions.greedy(2), piece -> { }, new CompletableFuture<>()));
            List<ScheduledRequest<GenerationJob>> batch = core.step().batches().get(0);
            runner.run(batch, Responses.IMMEDIATE);
            core.finished(batch);
        }
    }

    @Test
    void prefixCacheHitsAreCountedOnlyForAnEngineWithSlotCaches() {
        CountingEngine llama = new CountingEngine();
        llama.cachesPromptsPerSlot = true;
        ModelStatistics cached = new ModelStatistics("m");
        runSamePromptTwice(new GenerationRunner(llama, 1, cached));
        assertEquals(1, cached.prefixCacheHits.sum(), "the second prompt found the first one in the slot's cache");
        assertEquals(2, cached.prefixReused.count());

        CountingEngine remote = new CountingEngine();
        ModelStatistics uncached = new ModelStatistics("m");
        runSamePromptTwice(new GenerationRunner(remote, 1, uncached));
        assertEquals(0, uncached.prefixCacheHits.sum(), "an engine without slot caches reuses nothing");
        assertEquals(0, uncached.prefixReused.count());
    }

    /** Seconds from now until the deadline the engine was given. */
    private static double secondsLeft(CountingEngine engine) {
        return Duration.between(Instant.now(), engine.lastOptions.deadline().orElseThrow()).toMillis() / 1000.0;
    }

    /** Runs one request to its end and frees the core's only slot again. */
    private void runToEnd(GenerationRunner runner, RequestSpec spec) {
        ScheduledRequest<GenerationJob> request = start(spec, new CompletableFuture<>());
        runner.run(List.of(request), Responses.IMMEDIATE);
        core.finished(List.of(request));
    }

    @Test
    void theEngineGetsTheEarlierOfTheClientsDeadlineAndTheRequestTimeout() {
        CountingEngine engine = new CountingEngine();
        GenerationRunner runner = new GenerationRunner(engine, 1, new ModelStatistics("m"));

        runToEnd(runner, RequestSpec.simple("client-first").withTimeout(Duration.ofSeconds(100)).withClientDeadline(Duration.ofSeconds(20)));
        double clientFirst = secondsLeft(engine);
        assertTrue(clientFirst > 10 && clientFirst <= 20, "the client's 20 s, not the 100 s timeout: " + clientFirst);

        runToEnd(runner, RequestSpec.simple("timeout-first").withTimeout(Duration.ofSeconds(20)).withClientDeadline(Duration.ofSeconds(100)));
        double timeoutFirst = secondsLeft(engine);
        assertTrue(timeoutFirst > 10 && timeoutFirst <= 20, "the 20 s timeout, not the client's 100 s: " + timeoutFirst);

        runToEnd(runner, RequestSpec.simple("none"));
        assertTrue(engine.lastOptions.deadline().isEmpty(), "no deadline: the engine's own default applies");
    }

    @Test
    void aRequestStoppedAtItsDeadlineIsAnsweredDeadlineExceeded() throws Exception {
        CountingEngine engine = new CountingEngine();
        ModelStatistics stats = new ModelStatistics("m");
        CompletableFuture<GenerationResult> result = new CompletableFuture<>();
        ScheduledRequest<GenerationJob> request = start(RequestSpec.simple("r").withClientDeadline(Duration.ofMillis(50)), result);
        engine.afterFirstToken = () -> {
            // the scheduler's driver would step at the deadline: do it here once it has passed
            while (System.nanoTime() < request.clientDeadlineNanos().getAsLong()) {
                Thread.onSpinWait();
            }
            core.step();
        };

        new GenerationRunner(engine, 1, stats).run(List.of(request), Responses.IMMEDIATE);

        assertEquals(1, engine.tokensGenerated, "no token is generated after the deadline");
        ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, result::get);
        assertInstanceOf(dev.quire.common.QuireException.DeadlineExceeded.class, failure.getCause());
        assertTrue(failure.getCause().getMessage().contains("passed the client's deadline after 1 pieces"), failure.getCause().getMessage());
        assertEquals(1, stats.failures(ModelStatistics.FailureReason.REJECTED));
    }
}
