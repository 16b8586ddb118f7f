package dev.quire.inference.scheduler;

import java.time.Duration;
import java.util.Optional;

/**
 * What a client asked of the scheduler for one request.
 *
 * @param id             the client's request id (may be empty), for messages
 * @param tenant         who the request is for; tenants share capacity fairly
 * @param priority       Triton's {@code priority}: 1 is highest; empty: the model's default level
 * @param timeout        Triton's {@code timeout}: longest wait in the queue; empty: the queue policy's default
 * @param size           batch elements the request carries (its batch dimension), at least 1
 * @param clientDeadline how long the client still waits for the answer (a gRPC call's deadline), counted from
 *                       when the request is queued; empty: the client sets none. Queued or running, the request is
 *                       given up at that moment.
 */
public record RequestSpec(String id, String tenant, Optional<Integer> priority, Optional<Duration> timeout, int size,
                          Optional<Duration> clientDeadline) {

    public static final String DEFAULT_TENANT = "default";

    public RequestSpec {
        if (size < 1) {
            throw new IllegalArgumentException("size must be at least 1, got " + size);
        }
    }

    /** How messages name the request: by the id the client gave it, if any. */
    public String label() {
        return id.isEmpty() ? "the request" : "request '" + id + "'";
    }

    public static RequestSpec simple(String id) {
        return new RequestSpec(id, DEFAULT_TENANT, Optional.empty(), Optional.empty(), 1, Optional.empty());
    }

    public RequestSpec withTenant(String t) {
        return new RequestSpec(id, t, priority, timeout, size, clientDeadline);
    }

    public RequestSpec withPriority(int p) {
        return new RequestSpec(id, tenant, Optional.of(p), timeout, size, clientDeadline);
    }

    public RequestSpec withTimeout(Duration t) {
        return new RequestSpec(id, tenant, priority, Optional.of(t), size, clientDeadline);
    }

    public RequestSpec withSize(int s) {
        return new RequestSpec(id, tenant, priority, timeout, s, clientDeadline);
    }

    public RequestSpec withClientDeadline(Duration left) {
        return new RequestSpec(id, tenant, priority, timeout, size, Optional.of(left));
    }
}
