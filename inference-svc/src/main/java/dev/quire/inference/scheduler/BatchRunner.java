package dev.quire.inference.scheduler;

import java.util.List;

import dev.quire.common.QuireException;

/**
 * Executes batches on the engine and answers requests; the scheduler never touches the engine itself.
 */
public interface BatchRunner<P> {

    /**
     * Runs one batch on one instance and answers each of its requests. Blocks until done; a running
     * request whose {@link ScheduledRequest#isCancelled()} turns true should stop at its next token.
     */
    void run(List<ScheduledRequest<P>> batch);

    /** Answers a request the scheduler gave up on (timed out, cancelled, refused at shutdown). */
    void fail(ScheduledRequest<P> request, QuireException failure);
}
