package dev.quire.common.messaging;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.quire.common.QuireException;
import dev.quire.proto.events.Envelope;
import dev.quire.proto.events.Failure;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The one way a domain service answers a Kafka request: decode, drop it if its deadline passed,
 * run the handler, publish the reply to the requested topic, and only then acknowledge the
 * request (so its offset is committed after the reply is safely in Kafka).
 *
 * <p>Ownership: after {@link #process} returns, this class owns the incoming message and will
 * ack it (reply published, or the request was unreadable/expired) or nack it (publishing failed).
 */
public final class DomainRequestProcessor {

    private static final Logger LOG = Logger.getLogger(DomainRequestProcessor.class);

    private final Emitter<byte[]> replies;
    private final Clock clock;

    public DomainRequestProcessor(Emitter<byte[]> replies, Clock clock) {
        this.replies = replies;
        this.clock = clock;
    }

    /**
     * @param handler builds the reply body on a reply builder already carrying the request's id;
     *                it may throw {@link QuireException} to answer with a typed failure.
     */
    public CompletionStage<Void> process(Message<byte[]> incoming, Function<Envelope, Envelope.Builder> handler) {
        Envelope request;
        try {
            request = Envelope.parseFrom(incoming.getPayload());
        } catch (InvalidProtocolBufferException e) {
            // Nobody can be answered: the reply topic and id are inside the unreadable bytes.
            LOG.errorf("Dropping an unreadable request record (%d bytes): %s", incoming.getPayload().length, e.getMessage());
            return incoming.ack();
        }
        if (Envelopes.isExpired(request, clock.instant())) {
            LOG.warnf("Dropping request %s: its deadline passed before work started", request.getRequestId());
            return incoming.ack();
        }
        Envelope reply = answer(request, handler);
        CompletableFuture<Void> published = new CompletableFuture<>();
        Message<byte[]> record = Envelopes.toRecord(reply, request.getReplyTopic())
                .withAck(() -> {
                    published.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    published.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        replies.send(record);
        return published.handle((ok, failure) -> {
            if (failure != null) {
                LOG.errorf(failure, "Could not publish the reply to request %s; it will be redelivered", request.getRequestId());
                return incoming.nack(failure);
            }
            return incoming.ack();
        }).thenCompose(Function.identity());
    }

    private static Envelope answer(Envelope request, Function<Envelope, Envelope.Builder> handler) {
        try {
            return handler.apply(request).build();
        } catch (QuireException e) {
            LOG.infof("Request %s failed: %s %s", request.getRequestId(), e.code(), e.getMessage());
            return Envelopes.replyTo(request).setFailure(Envelopes.failure(e.code(), e.getMessage())).build();
        } catch (RuntimeException e) {
            LOG.errorf(e, "Request %s failed unexpectedly", request.getRequestId());
            return Envelopes.replyTo(request)
                    .setFailure(Envelopes.failure(Failure.Code.INTERNAL, "internal error: " + e.getMessage()))
                    .build();
        }
    }
}
