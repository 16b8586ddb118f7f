package dev.quire.gateway.mesh;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import dev.quire.proto.events.Envelope;
import jakarta.enterprise.context.ApplicationScoped;

/** Requests sent to Kafka that still wait for their reply (and, when streaming, their chunks), by request id. */
@ApplicationScoped
public class PendingReplies {

    private final Map<String, CompletableFuture<Envelope>> waiting = new ConcurrentHashMap<>();
    private final Map<String, Consumer<Envelope>> chunkListeners = new ConcurrentHashMap<>();

    public CompletableFuture<Envelope> register(String requestId) {
        CompletableFuture<Envelope> future = new CompletableFuture<>();
        waiting.put(requestId, future);
        return future;
    }

    /** Like {@link #register(String)}, and every Chunk envelope for this id goes to {@code chunks}. */
    public CompletableFuture<Envelope> register(String requestId, Consumer<Envelope> chunks) {
        chunkListeners.put(requestId, chunks);
        return register(requestId);
    }

    /**
     * Hands a reply to the request waiting for it: a chunk to its listener, anything else completes it.
     *
     * @return false when nobody waits for this id (another gateway's request, or one that timed out)
     */
    public boolean complete(Envelope reply) {
        if (reply.hasChunk()) {
            Consumer<Envelope> listener = chunkListeners.get(reply.getRequestId());
            if (listener == null) {
                return false;
            }
            listener.accept(reply);
            return true;
        }
        chunkListeners.remove(reply.getRequestId());
        CompletableFuture<Envelope> future = waiting.remove(reply.getRequestId());
        return future != null && future.complete(reply);
    }

    public void forget(String requestId) {
        waiting.remove(requestId);
        chunkListeners.remove(requestId);
    }

    public int size() {
        return waiting.size();
    }
}
