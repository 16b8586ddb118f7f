package dev.quire.inference.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import dev.quire.inference.scheduler.ScheduledRequest;
import dev.quire.inference.scheduler.SchedulerCore;
import dev.quire.inference.scheduler.Step;
import dev.quire.inference.scheduler.Ticker;
import org.junit.jupiter.api.Test;

/** The runner hands the scheduler's cancel flag to the engine, so generation stops at the next token. */
class GenerationRunnerTest {

    /** Emits one token per call of its loop and checks the sink between tokens, as LlamaCppEngine does. */
    static final class CountingEngine implements TextGenerationEngine {
        int tokensGenerated;
        Runnable afterFirstToken = () -> { };

        @Override
        public GenerationResult generate(String prompt, GenerationOptions options, TokenSink sink) {
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
        public int countTokens(String prompt) {
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
        core.enqueue(RequestSpec.simple("r"), new GenerationJob("p", GenerationOptions.greedy(1000), piece -> { }, result));
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

        new GenerationRunner(engine, 1, stats).run(List.of(request));

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

        new GenerationRunner(engine, 1, stats).run(List.of(request));

        assertEquals(1000, result.get(30, java.util.concurrent.TimeUnit.SECONDS).text().length());
        assertEquals(1, stats.success.count());
        assertEquals(1, stats.timeToFirstToken.count());
        assertEquals(999, stats.interTokenLatency.count());
        assertEquals(1000.0, stats.generatedTokens.sum());
        assertTrue(stats.promptTokens.sum() == 3.0);
    }
}
