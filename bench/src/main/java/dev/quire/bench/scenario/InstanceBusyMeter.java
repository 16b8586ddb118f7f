package dev.quire.bench.scenario;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.quire.bench.load.Measurement;
import dev.quire.bench.server.MetricsReader;

/**
 * How busy a model's instances were while a point ran, from the server's own statistics
 * ({@code nv_inference_compute_infer_duration_us}, {@code nv_inference_exec_count}): it tells a
 * saturated point's lost throughput apart into instances left idle (the service's gaps between
 * calls) and longer calls (the engine running slower beside the gRPC threads, or handing answers on).
 */
final class InstanceBusyMeter {

    private final MetricsReader metrics;
    private final String model;
    private final int instances;
    private final List<Double> busyShares = new ArrayList<>();
    private final List<Double> msPerCall = new ArrayList<>();
    /** Why the first reading that failed did; null while none did. */
    private String firstFailure;

    InstanceBusyMeter(MetricsReader metrics, String model, int instances) {
        this.metrics = metrics;
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
    private Optional<Reading> read() throws InterruptedException {
        try {
            String text = metrics.scrape();
            return Optional.of(new Reading(System.nanoTime(), MetricsReader.value(text, "nv_inference_compute_infer_duration_us", model),
                    MetricsReader.value(text, "nv_inference_exec_count", model)));
        } catch (IOException | RuntimeException e) {
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
