package dev.quire.bench.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
        List<Measurement> point = runs.get(key(label, mode.toString()));
        if (point == null) {
            throw new IllegalStateException("no point '" + label + "' at " + mode + " was measured");
        }
        return Measurement.median(point);
    }

    private static String key(String label, String mode) {
        return label + "|" + mode;
    }
}
