package dev.quire.inference.scheduler;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jboss.logging.Logger;

/**
 * Triton's preserve_ordering for one model: responses leave in the order their requests arrived at
 * the scheduler. Arrival order is the core's sequence number, which counts accepted requests
 * without gaps, so the request whose turn it is ("head") is always known; its responses leave at
 * once, and those of later requests wait until every earlier request is done.
 * <p>
 * A request is done when its final response is sent or when the scheduler {@link #release releases}
 * it because it was answered with a failure (timed out, cancelled, engine error, shutdown). A
 * failure leaves at once and never holds later answers back; responses the failed request had
 * waiting (stream pieces) are dropped, since its client got the failure.
 * <p>
 * Without preserve_ordering everything leaves at once. Waiting responses run outside the lock, by
 * one thread at a time, so they leave in order and no client callback runs under the lock.
 */
final class ResponseOrder implements Responses {

    private static final Logger LOG = Logger.getLogger(ResponseOrder.class);

    private final boolean preserve;
    private final Object lock = new Object();
    /** Sequence number of the earliest request not done yet: its responses leave at once. */
    private long head;
    /** Requests after the head that are done already. */
    private final Set<Long> doneAfterHead = new HashSet<>();
    /** Responses of requests after the head, in the order they were sent. */
    private final Map<Long, List<Runnable>> waiting = new HashMap<>();
    /** Responses whose turn came, in order; run by the one draining thread. */
    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
    private boolean draining;

    /** @param preserve Triton's preserve_ordering; false: every response leaves at once */
    ResponseOrder(boolean preserve) {
        this.preserve = preserve;
    }

    @Override
    public void send(ScheduledRequest<?> request, Runnable response, boolean last) {
        if (!preserve) {
            response.run();
            return;
        }
        synchronized (lock) {
            long sequence = request.sequence();
            if (isDone(sequence)) {
                return; // released after a failure: its client has its answer already
            }
            if (sequence == head) {
                ready.add(response);
                if (last) {
                    advance();
                }
            } else {
                waiting.computeIfAbsent(sequence, s -> new ArrayList<>()).add(response);
                if (last) {
                    doneAfterHead.add(sequence);
                }
            }
        }
        drain();
    }

    /**
     * The request was answered with a failure, or its runner finished with it: later requests no
     * longer wait for it. Idempotent; a request whose final response was sent is unaffected.
     */
    void release(ScheduledRequest<?> request) {
        if (!preserve) {
            return;
        }
        synchronized (lock) {
            long sequence = request.sequence();
            if (isDone(sequence)) {
                return;
            }
            waiting.remove(sequence);
            if (sequence == head) {
                advance();
            } else {
                doneAfterHead.add(sequence);
            }
        }
        drain();
    }

    /** Responses held back for their turn (for tests and diagnostics). */
    int waitingResponses() {
        synchronized (lock) {
            return waiting.values().stream().mapToInt(List::size).sum();
        }
    }

    private boolean isDone(long sequence) {
        return sequence < head || doneAfterHead.contains(sequence);
    }

    /** Precondition (lock held): the head is done. Moves past it and every done successor, readying what they sent. */
    private void advance() {
        while (true) {
            head++;
            List<Runnable> sent = waiting.remove(head);
            if (sent != null) {
                ready.addAll(sent);
            }
            if (!doneAfterHead.remove(head)) {
                return;
            }
        }
    }

    /** Runs ready responses in order; a thread that finds another one draining leaves the work to it. */
    private void drain() {
        synchronized (lock) {
            if (draining) {
                return;
            }
            draining = true;
        }
        boolean finished = false;
        try {
            while (true) {
                Runnable next;
                synchronized (lock) {
                    next = ready.poll();
                    if (next == null) {
                        draining = false;
                        finished = true;
                        return;
                    }
                }
                try {
                    next.run();
                } catch (RuntimeException e) {
                    LOG.error("delivering a response failed; the following responses are still delivered", e);
                }
            }
        } finally {
            if (!finished) {
                synchronized (lock) {
                    draining = false;
                }
            }
        }
    }
}
