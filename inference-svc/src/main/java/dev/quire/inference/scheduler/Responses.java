package dev.quire.inference.scheduler;

/**
 * Where a {@link BatchRunner} hands each successful response of the requests it runs; the scheduler
 * decides when it leaves: at once, or, with preserve_ordering, once every request that arrived
 * earlier has been answered. Failures do not come through here: the runner answers them itself at
 * once, and the scheduler gives up the failed request's place in the order.
 */
public interface Responses {

    /** Every response leaves at once, in whatever order requests finish. */
    Responses IMMEDIATE = (request, response, last) -> response.run();

    /**
     * Sends one response of {@code request}, now or when its turn comes.
     *
     * @param response delivers it to the client (completes a future, emits a stream piece); must not block
     * @param last     true for the request's final response, after which later requests may be answered
     */
    void send(ScheduledRequest<?> request, Runnable response, boolean last);
}
