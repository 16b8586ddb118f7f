package dev.quire.inference.model;

import java.time.Instant;
import java.util.List;

import dev.quire.common.QuireException;
import dev.quire.inference.engine.GenerationOptions;
import dev.quire.inference.engine.GenerationResult;
import dev.quire.inference.engine.TextGenerationEngine;
import dev.quire.inference.engine.TokenSink;
import dev.quire.inference.metrics.ModelStatistics;
import dev.quire.inference.metrics.ModelStatistics.FailureReason;
import dev.quire.inference.scheduler.BatchRunner;
import dev.quire.inference.scheduler.RequestCancelledException;
import dev.quire.inference.scheduler.QueueFullException;
import dev.quire.inference.scheduler.ScheduledRequest;

/**
 * Runs a scheduled generation on the engine's slot and answers it; a request whose client went away
 * stops at its next token (the sink reports the cancel flag), so its slot frees within one step.
 */
final class GenerationRunner implements BatchRunner<GenerationJob> {

    /** A reused prefix at least this long counts as a prefix-cache hit. */
    static final int PREFIX_HIT_CHARS = 64;

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
    public void run(List<ScheduledRequest<GenerationJob>> batch) {
        for (ScheduledRequest<GenerationJob> request : batch) {
            runOne(request);
        }
    }

    private void runOne(ScheduledRequest<GenerationJob> request) {
        GenerationJob job = request.payload();
        if (request.isCancelled()) {
            fail(request, new RequestCancelledException("request " + request.spec().id() + " was cancelled before it started"));
            return;
        }
        TimingSink sink = new TimingSink(request);
        SlotRouter.Lease lease = router.acquire(job.prompt());
        stats.prefixReused.observe(lease.reusedPrefix());
        if (lease.reusedPrefix() >= PREFIX_HIT_CHARS) {
            stats.prefixCacheHits.increment();
        }
        String cachedAfter = job.prompt();
        try {
            GenerationResult result = engine.generateOnSlot(job.prompt(), withDeadline(request), sink, lease.slot());
            cachedAfter = job.prompt() + result.text();
            if (result.cancelled()) {
                fail(request, new RequestCancelledException("request " + request.spec().id() + " was cancelled after " + result.pieces() + " pieces"));
                return;
            }
            stats.promptTokens.observe(result.promptTokens());
            stats.generatedTokens.observe(result.pieces());
            stats.success.add(System.nanoTime() - request.enqueuedNanos());
            job.result().complete(result);
        } catch (RuntimeException e) {
            fail(request, e instanceof QuireException q ? q
                    : new QuireException(dev.quire.proto.events.Failure.Code.INTERNAL, "generation failed: " + e.getMessage(), e));
        } finally {
            router.release(lease, cachedAfter);
        }
    }

    /**
     * The request's own {@code timeout}, counted from its arrival, bounds the engine call too, so a
     * remote engine gives up when the client does; without one the engine's default timeout applies.
     */
    private static GenerationOptions withDeadline(ScheduledRequest<GenerationJob> request) {
        GenerationOptions options = request.payload().options();
        return request.spec().timeout()
                .map(t -> options.withDeadline(Instant.now().plusNanos(request.enqueuedNanos() + t.toNanos() - System.nanoTime())))
                .orElse(options);
    }

    @Override
    public void fail(ScheduledRequest<GenerationJob> request, QuireException failure) {
        FailureReason reason = failure instanceof RequestCancelledException ? FailureReason.CANCELED
                : failure instanceof QueueFullException || failure instanceof QuireException.DeadlineExceeded ? FailureReason.REJECTED
                : failure instanceof QuireException.InvalidRequest ? FailureReason.OTHER
                : FailureReason.BACKEND;
        stats.failed(reason, System.nanoTime() - request.enqueuedNanos());
        request.payload().result().completeExceptionally(failure);
    }

    /** Forwards pieces and records time to first token (from arrival) and inter-token latency. */
    private final class TimingSink implements TokenSink {
        private final ScheduledRequest<GenerationJob> request;
        private boolean first = true;
        private long last;

        TimingSink(ScheduledRequest<GenerationJob> request) {
            this.request = request;
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
            request.payload().pieces().accept(piece);
        }

        @Override
        public boolean cancelled() {
            return request.isCancelled();
        }
    }
}
