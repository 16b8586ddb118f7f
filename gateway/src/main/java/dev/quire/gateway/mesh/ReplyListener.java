package dev.quire.gateway.mesh;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.quire.proto.events.Envelope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/** Hands every reply read from the reply topic to the request waiting for it. */
@ApplicationScoped
public class ReplyListener {

    private static final Logger LOG = Logger.getLogger(ReplyListener.class);

    @Inject
    PendingReplies pending;

    @Incoming("replies")
    public CompletionStage<Void> onReply(Message<byte[]> message) {
        try {
            Envelope reply = Envelope.parseFrom(message.getPayload());
            if (!pending.complete(reply)) {
                LOG.debugf("Reply %s has no waiting request here (timed out, or another instance's)", reply.getRequestId());
            }
        } catch (InvalidProtocolBufferException e) {
            LOG.errorf("Ignoring an unreadable reply record: %s", e.getMessage());
        }
        return message.ack().exceptionally(t -> null).thenCompose(v -> CompletableFuture.completedFuture(null));
    }
}
