package dev.quire.bench.load;

/** How load is offered, as perf_analyzer's --concurrency-range and --request-rate-range. */
public sealed interface LoadMode {

    /** {@code clients} closed-loop clients, each sending its next request when the last one returns. */
    record Concurrency(int clients) implements LoadMode {
        public Concurrency {
            if (clients < 1) {
                throw new IllegalArgumentException("concurrency must be at least 1, got " + clients);
            }
        }

        @Override
        public String toString() {
            return "concurrency " + clients;
        }
    }

    /**
     * Open loop: requests start at a fixed rate whatever the answers do; latency counts from the
     * intended start, so a slow server cannot hide its queueing (no coordinated omission).
     * {@code maxInFlight} bounds the client's threads.
     */
    record RequestRate(double perSecond, int maxInFlight) implements LoadMode {
        public RequestRate {
            if (!(perSecond > 0)) {
                throw new IllegalArgumentException("request rate must be positive, got " + perSecond);
            }
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("max in flight must be at least 1, got " + maxInFlight);
            }
        }

        @Override
        public String toString() {
            return "rate " + perSecond + "/s";
        }
    }
}
