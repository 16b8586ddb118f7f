package dev.quire.gateway.mesh;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import dev.quire.proto.events.Envelope;
import jakarta.enterprise.context.ApplicationScoped;

/** Requests sent to Kafka that still wait for their reply, by request id. */
@ApplicationScoped
public class PendingReplies {

    private final Map<String, CompletableFuture<Envelope>> waiting = new ConcurrentHashMap<>();

    public CompletableFuture<Envelope> register(String requestId) {
        CompletableFuture<Envelope> future = new CompletableFuture<>();
        waiting.put(requestId, future);
        return future;
    }

    /** @return false when nobody waits for this id (another gateway's request, or one that timed out) */
    public boolean complete(Envelope reply) {
        CompletableFuture<Envelope> future = waiting.remove(reply.getRequestId());
        return future != null && future.complete(reply);
    }

    public void forget(String requestId) {
        waiting.remove(requestId);
    }

    public int size() {
        return waiting.size();
    }
}
