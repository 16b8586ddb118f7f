package dev.quire.inference.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.quire.inference.repository.QueuePolicy;
import dev.quire.inference.repository.SchedulingConfig;
import org.junit.jupiter.api.Test;

/** preserve_ordering as a plain object: which responses leave when, for requests numbered in arrival order. */
class ResponseOrderTest {

    private final List<String> sent = new ArrayList<>();
    private final SchedulerCore<String> core = new SchedulerCore<>("m",
            new SchedulingConfig(List.of(), Optional.empty(), true, 1, 1, Optional.empty(), QueuePolicy.defaults(), Map.of()),
            4, Optional.empty(), new FakeTicker());

    private ScheduledRequest<String> arrive(String name) {
        return core.enqueue(RequestSpec.simple(name), name);
    }

    private Runnable piece(String text) {
        return () -> sent.add(text);
    }

    @Test
    void streamPiecesOfALaterRequestWaitThenLeaveInOrderThenFlowLive() {
        ResponseOrder order = new ResponseOrder(true);
        ScheduledRequest<String> a = arrive("a");
        ScheduledRequest<String> b = arrive("b");

        order.send(b, piece("b1"), false);
        order.send(a, piece("a1"), false);
        order.send(b, piece("b2"), false);
        assertEquals(List.of("a1"), sent, "the head streams live; b waits");
        assertEquals(2, order.waitingResponses());

        order.send(a, piece("a-final"), true);
        assertEquals(List.of("a1", "a-final", "b1", "b2"), sent, "b's pieces follow a's final response");
        order.send(b, piece("b3"), false);
        assertEquals("b3", sent.get(sent.size() - 1), "b is the head now: it streams live");
        assertEquals(0, order.waitingResponses());
    }

    @Test
    void finishedLaterRequestsLeaveTogetherOnceTheHeadIsDone() {
        ResponseOrder order = new ResponseOrder(true);
        ScheduledRequest<String> a = arrive("a");
        ScheduledRequest<String> b = arrive("b");
        ScheduledRequest<String> c = arrive("c");

        order.send(c, piece("c"), true);
        order.send(b, piece("b"), true);
        assertEquals(List.of(), sent);
        order.send(a, piece("a"), true);
        assertEquals(List.of("a", "b", "c"), sent);
    }

    @Test
    void aReleasedRequestNeverHoldsLaterOnesAndItsWaitingPiecesAreDropped() {
        ResponseOrder order = new ResponseOrder(true);
        ScheduledRequest<String> a = arrive("a");
        ScheduledRequest<String> b = arrive("b");
        ScheduledRequest<String> c = arrive("c");

        order.send(b, piece("b1"), false);
        order.send(c, piece("c"), true);
        order.release(b); // b failed after one piece: its client got the failure
        order.release(a); // a was answered with a failure
        assertEquals(List.of("c"), sent, "c leaves as soon as every earlier request is done; b's piece is dropped");

        order.release(c);
        order.send(b, piece("late"), true);
        assertEquals(List.of("c"), sent, "release is idempotent and a released request sends nothing more");
    }

    @Test
    void withoutPreserveOrderingEverythingLeavesAtOnce() {
        ResponseOrder order = new ResponseOrder(false);
        arrive("a");
        ScheduledRequest<String> b = arrive("b");
        order.send(b, piece("b"), true);
        assertEquals(List.of("b"), sent);
    }
}
