package dev.quire.sqlchat.messaging;

import java.util.function.Consumer;

import dev.quire.common.messaging.Envelopes;
import dev.quire.proto.events.Chunk;
import dev.quire.proto.events.Envelope;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

/**
 * Publishes the pieces of one request's answer as Chunk envelopes on its reply topic: same request
 * id (the record key, so they share the final reply's partition and stay in order), sequence
 * 0, 1, 2, ... Chunks are best effort: if the broker refuses one, streaming stops for this request
 * and the final reply still carries the whole answer.
 */
final class ChunkPublisher implements Consumer<String> {

    private static final Logger LOG = Logger.getLogger(ChunkPublisher.class);

    private final Emitter<byte[]> replies;
    private final Envelope request;
    private long sequence;
    private boolean broken;

    ChunkPublisher(Emitter<byte[]> replies, Envelope request) {
        this.replies = replies;
        this.request = request;
    }

    @Override
    public void accept(String text) {
        publish(text, false);
    }

    /** Marks the end of the stream; the final reply follows. */
    void finish() {
        publish("", true);
    }

    private void publish(String text, boolean last) {
        if (broken) {
            return;
        }
        Envelope chunk = Envelopes.replyTo(request)
                .setChunk(Chunk.newBuilder().setSequence(sequence++).setText(text).setLast(last))
                .build();
        try {
            replies.send(Envelopes.toRecord(chunk, request.getReplyTopic()));
        } catch (RuntimeException e) {
            broken = true;
            LOG.warnf("Request %s: stopped streaming chunks, the broker refused one: %s", request.getRequestId(), e.getMessage());
        }
    }
}
