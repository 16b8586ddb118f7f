package dev.quire.common.messaging;

import java.time.Instant;

import dev.quire.proto.events.Envelope;
import dev.quire.proto.events.Failure;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Small, stateless helpers around the Kafka {@link Envelope}: deadlines, replies, records. */
public final class Envelopes {

    private Envelopes() {
    }

    /** True when nobody waits for this request any more. */
    public static boolean isExpired(Envelope envelope, Instant now) {
        return envelope.getDeadlineEpochMs() > 0 && now.toEpochMilli() >= envelope.getDeadlineEpochMs();
    }

    /** A reply that carries the request's id, tenant, deadline and trace; the caller sets the body. */
    public static Envelope.Builder replyTo(Envelope request) {
        return Envelope.newBuilder()
                .setRequestId(request.getRequestId())
                .setTenant(request.getTenant())
                .setDeadlineEpochMs(request.getDeadlineEpochMs())
                .setTraceparent(request.getTraceparent());
    }

    public static Failure failure(Failure.Code code, String message) {
        return Failure.newBuilder().setCode(code).setMessage(message).build();
    }

    /**
     * A Kafka message for the envelope: keyed by request id and, when a topic is given, sent to
     * that topic instead of the channel's default (replies go where the request asked).
     */
    public static Message<byte[]> toRecord(Envelope envelope, String topicOrNull) {
        var metadata = OutgoingKafkaRecordMetadata.<String>builder().withKey(envelope.getRequestId());
        if (topicOrNull != null && !topicOrNull.isBlank()) {
            metadata.withTopic(topicOrNull);
        }
        return Message.of(envelope.toByteArray()).addMetadata(metadata.build());
    }
}
