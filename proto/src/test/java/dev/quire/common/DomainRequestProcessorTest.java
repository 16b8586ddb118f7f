package dev.quire.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.quire.common.messaging.DomainRequestProcessor;
import dev.quire.common.messaging.Envelopes;
import dev.quire.proto.events.Envelope;
import dev.quire.proto.events.Failure;
import dev.quire.proto.events.SqlReply;
import dev.quire.proto.events.SqlRequest;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

/** The ownership rules of a domain request: reply first, then commit (ack) the request. */
class DomainRequestProcessorTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final CapturingEmitter replies = new CapturingEmitter();
    private final DomainRequestProcessor processor = new DomainRequestProcessor(replies, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void requestIsAckedOnlyAfterItsReplyIsAckedByKafka() throws Exception {
        TrackedMessage incoming = new TrackedMessage(request(NOW.plusSeconds(30)).toByteArray());

        CompletionStage<Void> done = processor.process(incoming.message(),
                r -> Envelopes.replyTo(r).setSqlReply(SqlReply.newBuilder().setSql("SELECT 1")));

        assertEquals(1, replies.sent.size(), "the reply was handed to Kafka");
        assertFalse(incoming.acked.get(), "the request must stay uncommitted while the reply is unconfirmed");
        replies.sent.get(0).ack().toCompletableFuture().get();
        done.toCompletableFuture().get();
        assertTrue(incoming.acked.get(), "the request is committed once its reply is safe");

        Message<byte[]> reply = replies.sent.get(0);
        @SuppressWarnings("unchecked")
        OutgoingKafkaRecordMetadata<String> metadata = reply.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
        assertEquals("quire.replies.gw-1", metadata.getTopic());
        assertEquals("r-1", metadata.getKey());
        assertEquals("SELECT 1", Envelope.parseFrom(reply.getPayload()).getSqlReply().getSql());
    }

    @Test
    void failedPublicationNacksTheRequestSoItIsRedelivered() {
        TrackedMessage incoming = new TrackedMessage(request(NOW.plusSeconds(30)).toByteArray());
        CompletionStage<Void> done = processor.process(incoming.message(), r -> Envelopes.replyTo(r));
        replies.sent.get(0).nack(new RuntimeException("broker gone")).toCompletableFuture().join();
        done.toCompletableFuture().join();
        assertFalse(incoming.acked.get());
        assertEquals(1, incoming.nacks.get());
    }

    @Test
    void expiredRequestIsDroppedWithoutCallingTheHandler() {
        TrackedMessage incoming = new TrackedMessage(request(NOW.minusMillis(1)).toByteArray());
        AtomicBoolean handled = new AtomicBoolean();
        processor.process(incoming.message(), r -> {
            handled.set(true);
            return Envelopes.replyTo(r);
        }).toCompletableFuture().join();
        assertFalse(handled.get(), "nobody waits for the answer any more");
        assertTrue(replies.sent.isEmpty());
        assertTrue(incoming.acked.get(), "the dropped request is committed, not redelivered forever");
    }

    @Test
    void typedFailureBecomesAFailureReply() throws InvalidProtocolBufferException {
        TrackedMessage incoming = new TrackedMessage(request(NOW.plusSeconds(30)).toByteArray());
        processor.process(incoming.message(), r -> {
            throw new QuireException.NotFound("unknown database 'x'; known: sample");
        });
        Envelope reply = Envelope.parseFrom(replies.sent.get(0).getPayload());
        assertEquals(Failure.Code.NOT_FOUND, reply.getFailure().getCode());
        assertEquals("unknown database 'x'; known: sample", reply.getFailure().getMessage());
        assertEquals("r-1", reply.getRequestId());
    }

    @Test
    void unexpectedExceptionBecomesAnInternalFailureReplyNotASilentDrop() throws InvalidProtocolBufferException {
        TrackedMessage incoming = new TrackedMessage(request(NOW.plusSeconds(30)).toByteArray());
        processor.process(incoming.message(), r -> {
            throw new IllegalStateException("boom");
        });
        Envelope reply = Envelope.parseFrom(replies.sent.get(0).getPayload());
        assertEquals(Failure.Code.INTERNAL, reply.getFailure().getCode());
        assertTrue(reply.getFailure().getMessage().contains("boom"));
    }

    @Test
    void unreadableRecordIsAckedAndNothingIsSent() {
        TrackedMessage incoming = new TrackedMessage(new byte[] {(byte) 0xff, 0x01, 0x02});
        processor.process(incoming.message(), r -> Envelopes.replyTo(r)).toCompletableFuture().join();
        assertTrue(replies.sent.isEmpty());
        assertTrue(incoming.acked.get());
    }

    private static Envelope request(Instant deadline) {
        return Envelope.newBuilder().setRequestId("r-1").setReplyTopic("quire.replies.gw-1")
                .setDeadlineEpochMs(deadline.toEpochMilli())
                .setSqlRequest(SqlRequest.newBuilder().setDatabase("sample").setQuestion("q")).build();
    }

    /** An incoming Kafka record whose ack and nack the test can observe. */
    private static final class TrackedMessage {
        final AtomicBoolean acked = new AtomicBoolean();
        final AtomicInteger nacks = new AtomicInteger();
        private final byte[] payload;

        TrackedMessage(byte[] payload) {
            this.payload = payload;
        }

        Message<byte[]> message() {
            return Message.of(payload).withAck(() -> {
                acked.set(true);
                return CompletableFuture.completedFuture(null);
            }).withNack(t -> {
                nacks.incrementAndGet();
                return CompletableFuture.completedFuture(null);
            });
        }
    }

    /** Keeps what was sent; the test decides when Kafka "confirms" it by acking the message. */
    private static final class CapturingEmitter implements Emitter<byte[]> {
        final List<Message<byte[]>> sent = new ArrayList<>();

        @Override
        public CompletionStage<Void> send(byte[] payload) {
            sent.add(Message.of(payload));
            return CompletableFuture.completedFuture(null);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <M extends Message<? extends byte[]>> void send(M message) {
            sent.add((Message<byte[]>) message);
        }

        @Override
        public void complete() {
        }

        @Override
        public void error(Exception e) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean hasRequests() {
            return true;
        }
    }
}
