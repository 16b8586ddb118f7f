package dev.quire.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import dev.quire.common.messaging.Envelopes;
import dev.quire.proto.events.Envelope;
import dev.quire.proto.events.SqlRequest;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

class EnvelopesTest {

    private final Envelope request = Envelope.newBuilder()
            .setRequestId("r-1").setTenant("acme").setDeadlineEpochMs(10_000).setReplyTopic("replies.a")
            .setTraceparent("00-abc-def-01").setSqlRequest(SqlRequest.newBuilder().setQuestion("q")).build();

    @Test
    void expiryIsInclusiveOfTheDeadline() {
        assertFalse(Envelopes.isExpired(request, Instant.ofEpochMilli(9_999)));
        assertTrue(Envelopes.isExpired(request, Instant.ofEpochMilli(10_000)));
    }

    @Test
    void replyCarriesTheRequestsIdentityButNotItsBody() {
        Envelope reply = Envelopes.replyTo(request).build();
        assertEquals("r-1", reply.getRequestId());
        assertEquals("acme", reply.getTenant());
        assertEquals(10_000, reply.getDeadlineEpochMs());
        assertEquals("00-abc-def-01", reply.getTraceparent());
        assertEquals(Envelope.BodyCase.BODY_NOT_SET, reply.getBodyCase());
    }

    @Test
    void recordIsKeyedByRequestIdAndAddressedToTheReplyTopic() {
        Message<byte[]> record = Envelopes.toRecord(request, "replies.a");
        @SuppressWarnings("unchecked")
        OutgoingKafkaRecordMetadata<String> metadata = record.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
        assertEquals("r-1", metadata.getKey());
        assertEquals("replies.a", metadata.getTopic());
        assertEquals(null, Envelopes.toRecord(request, "").getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getTopic());
    }
}
