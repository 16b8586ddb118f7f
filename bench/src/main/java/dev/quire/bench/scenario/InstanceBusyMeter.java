package dev.quire.bench.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.quire.bench.load.Measurement;
import dev.quire.inference.grpc.TritonAdminMethods;
import dev.quire.inference.proto.ModelStatistics;
import dev.quire.inference.proto.ModelStatisticsRequest;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.stub.ClientCalls;

/**
 * How busy a model's instances were while a point ran, from the server's own statistics (Triton's
 * ModelStatistics over gRPC, compute_infer and execution_count, read as perf_analyzer reads them):
 * it tells a saturated point's lost throughput apart into instances left idle (the service's gaps
 * between calls) and longer calls (the engine running slower beside the gRPC threads, or handing
 * answers on). Read over the measured calls' own gRPC channel: a scrape of /metrics (the JDK's HTTP
 * client and server, a second socket stack) right before the one-client point made the server's JIT
 * throw away 17 compiled methods that gRPC's transport runs too (SocketChannelImpl.read,
 * SelectorImpl.lockAndDoSelect, ...) and recompile them during the point; this call, 4
 * (2026-11-30, -XX:+PrintCompilation).
 */
final class InstanceBusyMeter {

    private final Channel channel;
    private final String model;
    private final int instances;
    private final List<Double> busyShares = new ArrayList<>();
    private final List<Double> msPerCall = new ArrayList<>();
    /** Why the first reading that failed did; null while none did. */
    private String firstFailure;

    InstanceBusyMeter(Channel channel, String model, int instances) {
        this.channel = channel;
        this.model = model;
        this.instances = instances;
    }

    /**
     * Runs {@code point} and records the share of its time (from before its warm-up to after its
     * last answer) the instances were in a call, and the time per call.
     */
    void measure(Point point) throws Exception {
        Optional<Reading> before = read();
        point.run();
        Optional<Reading> after = read();
        if (before.isPresent() && after.isPresent()) {
            add(before.get(), after.get());
        }
    }

    /** Records the interval between two readings; one without calls says nothing and is left out. */
    void add(Reading before, Reading after) {
        double calls = after.executions - before.executions;
        double busyMicros = after.computeMicros - before.computeMicros;
        double wallMicros = (after.nanos - before.nanos) / 1e3;
        if (calls > 0) {
            busyShares.add(busyMicros / (wallMicros * instances));
            msPerCall.add(busyMicros / calls / 1e3);
        }
    }

    /** For the report: medians over the runs, or why there are none. */
    String report() {
        if (busyShares.isEmpty()) {
            return firstFailure == null ? "it counted no engine calls" : "its statistics could not be read (" + firstFailure + ")";
        }
        return String.format(Locale.ROOT, "its %d instances were in a call %.1f%% of the point's time, %.2f ms per call",
                instances, 100 * Measurement.median(busyShares, Double::doubleValue), Measurement.median(msPerCall, Double::doubleValue));
    }

    /** Empty when the statistics cannot be read: a reference without a target must not stop the scenario's measured rows. */
    private Optional<Reading> read() {
        try {
            ModelStatistics stats = ClientCalls.blockingUnaryCall(channel, TritonAdminMethods.MODEL_STATISTICS,
                    CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), ModelStatisticsRequest.newBuilder().setName(model).build())
                    .getModelStatsList().stream().filter(m -> m.getName().equals(model)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the server reports no statistics of " + model));
            return Optional.of(new Reading(System.nanoTime(), stats.getInferenceStats().getComputeInfer().getNs() / 1e3, stats.getExecutionCount()));
        } catch (RuntimeException e) {
            if (firstFailure == null) {
                firstFailure = e.toString();
            }
            return Optional.empty();
        }
    }

    /** The server's counters at one moment: cumulative compute time (us) and engine calls. */
    record Reading(long nanos, double computeMicros, double executions) {
    }

    /** A measured point. */
    interface Point {
        void run() throws Exception;
    }
}
