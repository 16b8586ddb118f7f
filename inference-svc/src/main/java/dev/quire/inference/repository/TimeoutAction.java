package dev.quire.inference.repository;

/** What a queue does with a request whose queue timeout passed (Triton's ModelQueuePolicy.TimeoutAction). */
public enum TimeoutAction {
    /** Answer the request at once with DEADLINE_EXCEEDED. */
    REJECT,
    /** Keep the request, but behind every request whose timeout has not passed. */
    DELAY
}
