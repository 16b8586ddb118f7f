package dev.quire.bench.load;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.IntToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * One comparison of points made within each interleaved run (the k-th measurement of one point against the
 * k-th of the other, taken minutes apart from the next pair), and its median over the runs. The machine
 * drifts between runs by more than some targets allow (the ~50M model's one-client latency moved by ~180 ms
 * from run to run on the 2-core VM); the median of each side taken apart can pair one side's run with
 * another run of the other side, the median of the per-run comparisons cannot.
 *
 * @param perRun the comparison in each run, in run order
 */
public record SideBySide(double[] perRun) {

    public SideBySide {
        if (perRun.length == 0) {
            throw new IllegalArgumentException("no runs to compare");
        }
        perRun = perRun.clone();
    }

    /** {@code comparison} of runs 0 .. {@code runs - 1}. */
    public static SideBySide of(int runs, IntToDoubleFunction comparison) {
        return new SideBySide(IntStream.range(0, runs).mapToDouble(comparison).toArray());
    }

    /**
     * The median over the runs (the mean of the middle two for an even count); NaN when any run's comparison
     * is not a finite number, so that a broken run cannot be outvoted into a pass.
     */
    public double median() {
        if (Arrays.stream(perRun).anyMatch(v -> !Double.isFinite(v))) {
            return Double.NaN;
        }
        return Measurement.median(Arrays.stream(perRun).boxed().toList(), Double::doubleValue);
    }

    /** The per-run values, e.g. "-4.97, 25.53, -1.98". */
    public String list() {
        return Arrays.stream(perRun).mapToObj(v -> String.format(Locale.ROOT, "%.2f", v)).collect(Collectors.joining(", "));
    }
}
