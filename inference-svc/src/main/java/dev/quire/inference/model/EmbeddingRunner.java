package dev.quire.inference.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import dev.quire.common.QuireException;
import dev.quire.inference.engine.onnx.EmbeddingEngine;
import dev.quire.inference.engine.onnx.Embeddings;
import dev.quire.inference.metrics.ModelStatistics;
import dev.quire.inference.scheduler.BatchRunner;
import dev.quire.inference.scheduler.RequestCancelledException;
import dev.quire.inference.scheduler.Responses;
import dev.quire.inference.scheduler.ScheduledRequest;

/**
 * Runs a batch the dynamic batcher formed as one engine call over every text of its requests, then
 * hands each request its own rows. Requests cancelled, or past their deadline, while the batch
 * formed are left out; one engine call is short and is not interrupted.
 */
final class EmbeddingRunner implements BatchRunner<EmbeddingJob> {

    private final EmbeddingEngine engine;
    private final ModelStatistics stats;

    EmbeddingRunner(EmbeddingEngine engine, ModelStatistics stats) {
        this.engine = engine;
        this.stats = stats;
    }

    @Override
    public void run(List<ScheduledRequest<EmbeddingJob>> batch, Responses responses) {
        List<ScheduledRequest<EmbeddingJob>> live = new ArrayList<>(batch.size());
        List<String> texts = new ArrayList<>();
        for (ScheduledRequest<EmbeddingJob> request : batch) {
            if (request.deadlinePassed()) {
                fail(request, new QuireException.DeadlineExceeded(request.spec().label() + " passed " + request.answerDeadlineSource()
                        + " before it started"));
            } else if (request.isCancelled()) {
                fail(request, new RequestCancelledException(request.spec().label() + " was cancelled before it started"));
            } else {
                live.add(request);
                texts.addAll(request.payload().texts());
            }
        }
        if (live.isEmpty()) {
            return;
        }
        Embeddings all = engine.embed(texts, batchDeadline(live));
        int offset = 0;
        for (ScheduledRequest<EmbeddingJob> request : live) {
            int n = request.payload().texts().size();
            List<Integer> truncated = new ArrayList<>();
            for (int index : all.truncated()) {
                if (index >= offset && index < offset + n) {
                    truncated.add(index - offset);
                }
            }
            Embeddings own = new Embeddings(Arrays.copyOfRange(all.vectors(), offset, offset + n), truncated, all.maxTokens());
            offset += n;
            stats.success.add(System.nanoTime() - request.enqueuedNanos());
            responses.send(request, () -> request.payload().result().complete(own), true);
        }
    }

    /**
     * When nobody waits for any answer of the batch any more: the latest of its requests' answer
     * deadlines (the earlier of each client's deadline and its own timeout); none while one of them
     * has none. A remote engine gives its call up then, so no remote work goes on for nobody.
     */
    static Optional<Instant> batchDeadline(List<ScheduledRequest<EmbeddingJob>> live) {
        long latest = Long.MIN_VALUE;
        for (ScheduledRequest<EmbeddingJob> request : live) {
            OptionalLong deadline = request.answerDeadlineNanos();
            if (deadline.isEmpty()) {
                return Optional.empty();
            }
            latest = Math.max(latest, deadline.getAsLong());
        }
        return Optional.of(Instant.now().plusNanos(latest - System.nanoTime()));
    }

    @Override
    public void fail(ScheduledRequest<EmbeddingJob> request, QuireException failure) {
        RequestFailures.answer(stats, request, request.payload().result(), failure);
    }
}
