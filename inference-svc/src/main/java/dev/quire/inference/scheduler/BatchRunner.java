package dev.quire.inference.scheduler;

import java.util.List;

import dev.quire.common.QuireException;

/**
 * Executes batches on the engine and answers requests; the scheduler never touches the engine itself.
 */
public interface BatchRunner<P> {

    /**
     * Runs one batch on one instance and answers each of its requests: successful responses
     * through {@code responses} (which may hold them back to keep the arrival order), failures
     * through {@link #fail} at once. Blocks until done; a running request whose
     * {@link ScheduledRequest#isCancelled()} turns true (client gone, or its deadline passed) should
     * stop at its next token.
     */
    void run(List<ScheduledRequest<P>> batch, Responses responses);

    /** Answers a request with a failure, at once (timed out, cancelled, refused at shutdown, failed while running). */
    void fail(ScheduledRequest<P> request, QuireException failure);
}
