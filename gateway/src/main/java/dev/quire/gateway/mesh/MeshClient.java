package dev.quire.gateway.mesh;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import dev.quire.common.QuireException;
import dev.quire.common.messaging.Envelopes;
import dev.quire.gateway.GatewayConfig;
import dev.quire.proto.events.Chunk;
import dev.quire.proto.events.Envelope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

/**
 * Request-reply over Kafka: publish an envelope on a request topic, wait for the reply with the same
 * request id on the reply topic, never longer than the deadline. Failures are typed: Kafka not
 * taking the request is UNAVAILABLE (503), no reply in time is DEADLINE_EXCEEDED (504), and a
 * domain service's Failure reply becomes the matching QuireException. {@link #stream} does the same
 * and meanwhile hands the request's Chunk envelopes, in sequence order, to a listener.
 */
@ApplicationScoped
public class MeshClient {

    private static final Logger LOG = Logger.getLogger(MeshClient.class);

    /** Longest wait for the reply consumer at start-up before answering 503. */
    private static final long REPLY_CONSUMER_WAIT_MS = 5000;

    /** Which domain service a request goes to. */
    public enum Route { SQL, COMMIT }

    @Inject
    @Channel("sql-requests")
    Emitter<byte[]> sqlRequests;

    @Inject
    @Channel("commit-requests")
    Emitter<byte[]> commitRequests;

    @Inject
    PendingReplies pending;

    @Inject
    ReplyPartitions replyPartitions;

    @Inject
    GatewayConfig config;

    Clock clock = Clock.systemUTC();

    /** Wakes a streaming caller once the final reply (or a failure) is there; never a real envelope. */
    private static final Envelope REPLY_READY = Envelope.newBuilder().setRequestId("\u0000reply-ready").build();

    /** Sends the request and blocks (on a worker thread) until its reply or its deadline. */
    public Envelope call(Route route, Envelope.Builder request, Duration timeout) {
        return exchange(route, request, timeout, null);
    }

    /**
     * Like {@link #call}, and while waiting hands every Chunk of the reply to {@code chunks} on the
     * calling thread, in increasing sequence (a repeated or stale sequence is dropped), before the
     * final reply is returned. The same deadline covers the chunks and the reply.
     */
    public Envelope stream(Route route, Envelope.Builder request, Duration timeout, Consumer<Chunk> chunks) {
        return exchange(route, request, timeout, Objects.requireNonNull(chunks, "chunks"));
    }

    private Envelope exchange(Route route, Envelope.Builder request, Duration timeout, Consumer<Chunk> chunkListener) {
        long start = clock.millis();
        long deadline = start + timeout.toMillis();
        String requestId = request.getRequestId().isEmpty() ? UUID.randomUUID().toString() : request.getRequestId();
        Envelope envelope = request
                .setRequestId(requestId)
                .setDeadlineEpochMs(deadline)
                .setReplyTopic(config.replyTopic())
                .build();

        awaitReplyConsumer(requestId, deadline);
        BlockingQueue<Envelope> arrivals = new LinkedBlockingQueue<>();
        CompletableFuture<Envelope> reply = chunkListener == null
                ? pending.register(requestId)
                : pending.register(requestId, arrivals::add);
        if (chunkListener != null) {
            reply.whenComplete((ok, failure) -> arrivals.add(REPLY_READY));
        }
        CompletableFuture<Void> sent = new CompletableFuture<>();
        try {
            emitterFor(route).send(Envelopes.toRecord(envelope, null)
                    .withAck(() -> {
                        sent.complete(null);
                        return CompletableFuture.completedFuture(null);
                    })
                    .withNack(failure -> {
                        sent.completeExceptionally(failure);
                        // Fail the caller now rather than at the deadline.
                        reply.completeExceptionally(new QuireException.Unavailable("the message broker (Kafka) "
                                + "refused the request: " + failure.getMessage() + "; request id " + requestId, failure));
                        return CompletableFuture.completedFuture(null);
                    }));
            Envelope answer = chunkListener == null
                    ? reply.get(Math.max(0, deadline - clock.millis()), TimeUnit.MILLISECONDS)
                    : awaitStreamed(reply, arrivals, chunkListener, deadline);
            return unwrapFailure(answer);
        } catch (ListenerFailure e) {
            throw e.original;
        } catch (TimeoutException e) {
            boolean accepted = sent.isDone() && !sent.isCompletedExceptionally();
            LOG.errorf("Request %s (%s): no reply within %d ms (Kafka accepted it: %s)", requestId, route, timeout.toMillis(), accepted);
            // Past the deadline the gateway cannot tell slow work from a busy or stopped service: say both, and how to wait longer.
            throw new QuireException.DeadlineExceeded("the deadline of " + timeout.toMillis() + " ms passed without an answer ("
                    + (accepted ? "the work may take longer than that, or the " + route.name().toLowerCase() + " service is busy or down"
                            : "the message broker had not yet confirmed the request")
                    + "); allow more time with timeoutMs, at most " + config.maxRequestTimeout().toMillis() + "; request id "
                    + requestId);
        } catch (ExecutionException e) {
            LOG.errorf("Request %s (%s): %s", requestId, route, e.getCause().getMessage());
            if (e.getCause() instanceof QuireException quire) {
                throw quire;
            }
            throw new IllegalStateException("reply future failed for request " + requestId, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QuireException.Unavailable("the gateway is shutting down; request id " + requestId, e);
        } catch (RuntimeException e) {
            if (e instanceof QuireException) {
                throw e;
            }
            // The emitter refuses at once when the broker connection or its buffer is gone.
            LOG.errorf(e, "Request %s (%s): could not be published", requestId, route);
            throw new QuireException.Unavailable("the message broker (Kafka) is unavailable: " + e.getMessage()
                    + "; request id " + requestId, e);
        } finally {
            pending.forget(requestId);
        }
    }

    /** Delivers chunks on this thread until the reply is ready; the reply listener only queues them. */
    private Envelope awaitStreamed(CompletableFuture<Envelope> reply, BlockingQueue<Envelope> arrivals, Consumer<Chunk> listener,
            long deadline) throws InterruptedException, ExecutionException, TimeoutException {
        long delivered = -1;
        while (true) {
            Envelope next = arrivals.poll(Math.max(0, deadline - clock.millis()), TimeUnit.MILLISECONDS);
            if (next == null) {
                throw new TimeoutException();
            }
            if (next == REPLY_READY) {
                return reply.get();
            }
            Chunk chunk = next.getChunk();
            if (chunk.getSequence() <= delivered) {
                continue;
            }
            delivered = chunk.getSequence();
            try {
                listener.accept(chunk);
            } catch (RuntimeException e) {
                throw new ListenerFailure(e);
            }
        }
    }

    /** Carries the listener's own exception past the broker-failure handling, unchanged. */
    private static final class ListenerFailure extends RuntimeException {
        final RuntimeException original;

        ListenerFailure(RuntimeException cause) {
            super(cause);
            this.original = cause;
        }
    }

    private void awaitReplyConsumer(String requestId, long deadline) {
        try {
            if (!replyPartitions.awaitAssigned(Math.min(REPLY_CONSUMER_WAIT_MS, Math.max(0, deadline - clock.millis())))) {
                LOG.errorf("Request %s: the reply consumer has no partitions yet", requestId);
                throw new QuireException.Unavailable("the message broker (Kafka) is unavailable: the gateway could not "
                        + "subscribe to its reply topic; request id " + requestId, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QuireException.Unavailable("the gateway is shutting down; request id " + requestId, e);
        }
    }

    private Emitter<byte[]> emitterFor(Route route) {
        return switch (route) {
            case SQL -> sqlRequests;
            case COMMIT -> commitRequests;
        };
    }

    private static Envelope unwrapFailure(Envelope reply) {
        if (reply.hasFailure()) {
            throw new QuireException(reply.getFailure().getCode(), reply.getFailure().getMessage());
        }
        return reply;
    }

    /** For the readiness check: the gateway can only receive replies once this holds. */
    public boolean replyConsumerReady() {
        return replyPartitions.isAssigned();
    }
}
