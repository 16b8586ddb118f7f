package dev.quire.bench.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleBiFunction;

/** The measurements of one scenario's points over the interleaved runs, in the order points were first measured. */
public final class Points {

    private final Map<String, List<Measurement>> runs = new LinkedHashMap<>();

    /** Records one run of a point and prints it, so a long benchmark shows progress. */
    public Measurement add(Measurement m) {
        runs.computeIfAbsent(key(m.label(), m.mode()), k -> new ArrayList<>()).add(m);
        System.err.printf(Locale.ROOT, "  %-58s %-15s %9.1f req/s  p50 %8.2f ms  TTFT p50 %7.2f ms  errors %d%n",
                m.label(), m.mode(), m.requestsPerSecond(), m.p50Ms(), m.ttftP50Ms(), m.errors());
        return m;
    }

    /** The field-by-field median of every point. */
    public List<Measurement> medians() {
        return runs.values().stream().map(Measurement::median).toList();
    }

    /** The median of one point. */
    public Measurement median(String label, LoadMode mode) {
        return Measurement.median(runs(label, mode));
    }

    /** Every measurement of one point, in the order they were made. */
    public List<Measurement> runs(String label, LoadMode mode) {
        List<Measurement> point = runs.get(key(label, mode.toString()));
        if (point == null) {
            throw new IllegalStateException("no point '" + label + "' at " + mode + " was measured");
        }
        return List.copyOf(point);
    }

    /**
     * {@code comparison} of the k-th measurement of point A with the k-th of point B, for every k: the two were
     * made side by side in one run. Both points must have been measured equally often.
     */
    public SideBySide sideBySide(String labelA, LoadMode modeA, String labelB, LoadMode modeB,
                                 ToDoubleBiFunction<Measurement, Measurement> comparison) {
        List<Measurement> a = runs(labelA, modeA);
        List<Measurement> b = runs(labelB, modeB);
        if (a.size() != b.size()) {
            throw new IllegalStateException("'" + labelA + "' at " + modeA + " was measured " + a.size() + " times, '" + labelB + "' at "
                    + modeB + " " + b.size() + " times: no run-by-run comparison");
        }
        return SideBySide.of(a.size(), k -> comparison.applyAsDouble(a.get(k), b.get(k)));
    }

    private static String key(String label, String mode) {
        return label + "|" + mode;
    }
}
