package dev.quire.inference.model;

import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

import dev.quire.common.QuireException;
import dev.quire.inference.engine.GenerationOptions;
import dev.quire.inference.engine.GenerationResult;
import dev.quire.inference.engine.TextGenerationEngine;
import dev.quire.inference.engine.TokenSink;
import dev.quire.inference.metrics.ModelStatistics;
import dev.quire.inference.scheduler.BatchRunner;
import dev.quire.inference.scheduler.RequestCancelledException;
import dev.quire.inference.scheduler.Responses;
import dev.quire.inference.scheduler.ScheduledRequest;

/**
 * Runs a scheduled generation on the engine's slot and answers it; a request whose client went away,
 * or whose deadline passed, stops at its next token (the sink reports the scheduler's cancel flag),
 * so its slot frees within one step. Pieces and the final answer go through the scheduler's
 * {@link Responses}, which keeps the arrival order when the model asks for it.
 */
final class GenerationRunner implements BatchRunner<GenerationJob> {

    private final TextGenerationEngine engine;
    private final ModelStatistics stats;
    private final SlotRouter router;

    GenerationRunner(TextGenerationEngine engine, int slots, ModelStatistics stats) {
        this(engine, slots, stats, true);
    }

    /** @param prefixRouting route prompts to the slot caching their longest prefix (model config {@code prefix_routing}) */
    GenerationRunner(TextGenerationEngine engine, int slots, ModelStatistics stats, boolean prefixRouting) {
        this.engine = engine;
        this.stats = stats;
        this.router = new SlotRouter(slots, prefixRouting);
    }

    @Override
    public void run(List<ScheduledRequest<GenerationJob>> batch, Responses responses) {
        for (ScheduledRequest<GenerationJob> request : batch) {
            runOne(request, responses);
        }
    }

    private void runOne(ScheduledRequest<GenerationJob> request, Responses responses) {
        GenerationJob job = request.payload();
        if (request.isCancelled()) {
            fail(request, stopped(request, "before it started"));
            return;
        }
        TimingSink sink = new TimingSink(request, responses);
        SlotRouter.Lease lease = router.acquire(job.prompt());
        if (engine.cachesPromptsPerSlot()) {
            // A remote engine has no slot cache: a "reused" prefix there would be a made-up number.
            stats.prefixReused.observe(lease.reusedPrefix());
            if (lease.reusedPrefix() >= ModelStatistics.PREFIX_HIT_CHARS) {
                stats.prefixCacheHits.increment();
            }
        }
        String cachedAfter = job.prompt();
        try {
            GenerationResult result = engine.generateOnSlot(job.prompt(), job.promptTokens(), withDeadline(request), sink, lease.slot());
            cachedAfter = job.prompt() + result.text();
            if (result.cancelled()) {
                fail(request, stopped(request, "after " + result.pieces() + " pieces"));
                return;
            }
            stats.promptTokens.observe(result.promptTokens());
            stats.generatedTokens.observe(result.pieces());
            stats.success.add(System.nanoTime() - request.enqueuedNanos());
            responses.send(request, () -> job.result().complete(result), true);
        } catch (RuntimeException e) {
            fail(request, e instanceof QuireException q ? q
                    : new QuireException(dev.quire.proto.events.Failure.Code.INTERNAL, "generation failed: " + e.getMessage(), e));
        } finally {
            router.release(lease, cachedAfter);
        }
    }

    /** Why a request stopped before its end: the client went away, or nobody waits for it any more. */
    private static QuireException stopped(ScheduledRequest<GenerationJob> request, String when) {
        if (request.deadlinePassed()) {
            return new QuireException.DeadlineExceeded(request.spec().label() + " passed " + request.answerDeadlineSource()
                    + " " + when + "; generation stopped");
        }
        return new RequestCancelledException(request.spec().label() + " was cancelled " + when);
    }

    /**
     * The request's answer deadline (the earlier of the client's deadline and its own
     * {@code timeout}, counted from its arrival) bounds the engine call too, so a remote engine
     * passes the time left on to the remote server; without one the engine's default timeout applies.
     * The embedded engine stops through the cancel flag, which the scheduler raises at that moment.
     */
    private static GenerationOptions withDeadline(ScheduledRequest<GenerationJob> request) {
        GenerationOptions options = request.payload().options();
        OptionalLong deadline = request.answerDeadlineNanos();
        if (deadline.isEmpty()) {
            return options;
        }
        return options.withDeadline(Instant.now().plusNanos(deadline.getAsLong() - System.nanoTime()));
    }

    @Override
    public void fail(ScheduledRequest<GenerationJob> request, QuireException failure) {
        RequestFailures.answer(stats, request, request.payload().result(), failure);
    }

    /** Forwards pieces and records time to first token (from arrival) and inter-token latency. */
    private final class TimingSink implements TokenSink {
        private final ScheduledRequest<GenerationJob> request;
        private final Responses responses;
        private boolean first = true;
        private long last;

        TimingSink(ScheduledRequest<GenerationJob> request, Responses responses) {
            this.request = request;
            this.responses = responses;
        }

        @Override
        public void accept(String piece) {
            long now = System.nanoTime();
            if (first) {
                stats.timeToFirstToken.observe((now - request.enqueuedNanos()) / 1e9);
                first = false;
            } else {
                stats.interTokenLatency.observe((now - last) / 1e9);
            }
            last = now;
            responses.send(request, () -> request.payload().pieces().accept(piece), false);
        }

        @Override
        public boolean cancelled() {
            return request.isCancelled();
        }
    }
}
