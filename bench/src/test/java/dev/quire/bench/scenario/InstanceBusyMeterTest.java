package dev.quire.bench.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InstanceBusyMeterTest {

    /** Nothing listens on port 1. */
    private final ManagedChannel nowhere = ManagedChannelBuilder.forAddress("127.0.0.1", 1).usePlaintext().build();
    private final InstanceBusyMeter meter = new InstanceBusyMeter(nowhere, "embedder", 2);

    @AfterEach
    void closeChannel() {
        nowhere.shutdownNow();
    }

    @Test
    void busyShareCountsEveryInstanceAndTimePerCallIsTheMedianOverRuns() {
        // 1 s of wall time, 2 instances, 1.5 s of engine calls in 150 calls: 75% busy, 10 ms per call.
        meter.add(new InstanceBusyMeter.Reading(0, 1_000_000, 50), new InstanceBusyMeter.Reading(1_000_000_000L, 2_500_000, 200));
        // 2 s, 4 s of calls in 400 calls: 100% busy, 10 ms per call; and 1 s, 1.6 s in 200 calls: 80%, 8 ms.
        meter.add(new InstanceBusyMeter.Reading(0, 0, 0), new InstanceBusyMeter.Reading(2_000_000_000L, 4_000_000, 400));
        meter.add(new InstanceBusyMeter.Reading(0, 0, 0), new InstanceBusyMeter.Reading(1_000_000_000L, 1_600_000, 200));
        assertEquals("its 2 instances were in a call 80.0% of the point's time, 10.00 ms per call", meter.report());
    }

    @Test
    void anIntervalWithoutCallsIsLeftOut() {
        meter.add(new InstanceBusyMeter.Reading(0, 0, 10), new InstanceBusyMeter.Reading(1_000_000_000L, 0, 10));
        assertEquals("it counted no engine calls", meter.report());
    }

    /** A reference without a target: statistics that cannot be read are reported, the measured point still runs. */
    @Test
    void unreadableStatisticsAreReportedAndThePointStillRuns() throws Exception {
        boolean[] ran = {false};
        meter.measure(() -> ran[0] = true);
        assertTrue(ran[0]);
        assertTrue(meter.report().startsWith("its statistics could not be read (io.grpc.StatusRuntimeException: UNAVAILABLE"), meter.report());
    }
}
