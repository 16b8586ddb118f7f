package dev.quire.bench.scenario;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpc.Status;
import org.junit.jupiter.api.Test;

class BurstTallyTest {

    @Test
    void everyEndingIsCountedOnceUnderItsKind() {
        BurstTally tally = new BurstTally();
        tally.startBurst(5);
        tally.record(Status.Code.OK, 90_000_000);
        tally.record(Status.Code.RESOURCE_EXHAUSTED, 1_000_000);
        tally.record(Status.Code.RESOURCE_EXHAUSTED, 2_000_000);
        tally.record(Status.Code.DEADLINE_EXCEEDED, 60_000_000_000L);
        tally.record(Status.Code.INTERNAL, 5);
        assertEquals(5, tally.sent());
        assertEquals(1, tally.ok());
        assertEquals(2, tally.rejected());
        assertEquals(1, tally.hung());
        assertEquals(1, tally.otherErrors());
        assertArrayEquals(new long[] {1_000_000, 2_000_000}, tally.rejectionNanos());
        assertEquals(90.0, tally.slowestAnswerMillis());
        tally.unanswered(2);
        assertEquals(3, tally.hung(), "calls without any answer by the bound count as hung");
    }

    @Test
    void eachBurstKeepsItsOwnSlowestRejection() {
        BurstTally tally = new BurstTally();
        tally.startBurst(3);
        tally.record(Status.Code.RESOURCE_EXHAUSTED, 4_000_000);
        tally.record(Status.Code.RESOURCE_EXHAUSTED, 3_000_000);
        tally.record(Status.Code.OK, 80_000_000);
        tally.startBurst(3);
        tally.record(Status.Code.RESOURCE_EXHAUSTED, 1_000_000);
        tally.startBurst(3);
        assertArrayEquals(new long[] {4_000_000, 1_000_000, 0}, tally.slowestRejectionPerBurst(),
                "answers that are not rejections do not count; a burst without rejections shows 0");
    }

    @Test
    void loneCallsAreKeptApartFromTheBurst() {
        BurstTally tally = new BurstTally();
        tally.startBurst(1);
        tally.recordLone(Status.Code.RESOURCE_EXHAUSTED, 700_000);
        tally.recordLone(Status.Code.OK, 50_000_000);
        assertArrayEquals(new long[] {700_000}, tally.loneRejectionNanos());
        assertEquals(1, tally.loneAdmitted());
        assertEquals(0, tally.rejected(), "lone calls are not part of the burst's count");
        assertEquals(1, tally.sent());
    }
}
