package dev.quire.bench.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;

import dev.quire.bench.grpc.InferenceClient;
import dev.quire.bench.load.Percentiles;
import dev.quire.proto.inference.ServerLiveRequest;

/**
 * What any gRPC call costs on this machine with no model and no scheduler behind it: ServerLive
 * round trips back to back, and each after an idle gap as long as one in-process engine call. A
 * one-client call over gRPC reaches a server whose event loop idled while the engine ran, and a
 * client that idled while it waited; on a small VM a core that idled milliseconds answers slower
 * than a busy one. The in-process call pays neither, so this share of the overhead rows' added
 * latency belongs to the machine; the rest is the service's own.
 */
final class TransportFloor {

    static final int CALLS_PER_POINT = 200;

    private final InferenceClient client;
    private final List<long[]> backToBack = new ArrayList<>();
    private final List<long[]> afterTinyGap = new ArrayList<>();
    private final List<long[]> afterOnnxGap = new ArrayList<>();
    private final List<Double> tinyGapsMs = new ArrayList<>();
    private final List<Double> onnxGapsMs = new ArrayList<>();

    TransportFloor(InferenceClient client) {
        this.client = client;
    }

    /** Back-to-back round trips, not recorded: until both JVMs have compiled the path, it costs milliseconds. */
    void warmUp(int calls) {
        for (int i = 0; i < calls; i++) {
            serverLive();
        }
    }

    /** One run: the gaps are this run's median in-process call times (tiny model, ONNX). */
    void measure(double tinyGapMs, double onnxGapMs) {
        backToBack.add(roundTrips(0));
        tinyGapsMs.add(tinyGapMs);
        afterTinyGap.add(roundTrips(tinyGapMs));
        onnxGapsMs.add(onnxGapMs);
        afterOnnxGap.add(roundTrips(onnxGapMs));
    }

    private long[] roundTrips(double gapMs) {
        long gapNanos = (long) (gapMs * 1e6);
        long[] samples = new long[CALLS_PER_POINT];
        for (int i = 0; i < samples.length; i++) {
            if (gapNanos > 0) {
                LockSupport.parkNanos(gapNanos);
            }
            long start = System.nanoTime();
            serverLive();
            samples[i] = System.nanoTime() - start;
        }
        return samples;
    }

    private void serverLive() {
        client.blocking().withDeadlineAfter(InferenceClient.CALL_DEADLINE_SECONDS, TimeUnit.SECONDS).serverLive(ServerLiveRequest.getDefaultInstance());
    }

    String report() {
        if (backToBack.isEmpty()) {
            return "";
        }
        return String.format(Locale.ROOT, """
                Transport floor (gRPC ServerLive: no model, no scheduler; %d calls per point and run, p50 over all runs): back to back
                %.2f ms; after an idle gap as long as the tiny model's in-process call (%s ms) %.2f ms; after one as long as the ONNX
                call (%s ms) %.2f ms. A one-client gRPC call pays about the latter on top of the engine, an in-process call nothing.""",
                CALLS_PER_POINT, p50(backToBack), range(tinyGapsMs), p50(afterTinyGap), range(onnxGapsMs), p50(afterOnnxGap));
    }

    private static double p50(List<long[]> runs) {
        return new Percentiles(runs.stream().flatMapToLong(LongStream::of).toArray()).millis(50);
    }

    private static String range(List<Double> values) {
        double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        return min == max ? String.format(Locale.ROOT, "%.2f", min) : String.format(Locale.ROOT, "%.2f-%.2f", min, max);
    }
}
