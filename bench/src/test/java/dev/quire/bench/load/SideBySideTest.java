package dev.quire.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SideBySideTest {

    private static final LoadMode ONE = new LoadMode.Concurrency(1);

    private static Measurement point(String label, double p50Ms, double requestsPerSecond) {
        return new Measurement(label, ONE.toString(), 10, 0, requestsPerSecond, requestsPerSecond, p50Ms, p50Ms, p50Ms, 0,
                Double.NaN, Double.NaN, Double.NaN);
    }

    /**
     * The ~50M model's one-client p50s of a run on the 2-core VM (2026-11-29 20:40): the machine moved both sides by
     * ~180 ms from run to run. Each side's median comes from run 2, whose pair differed by +25.5 ms; the pairs of
     * the three runs differed by -4.97, +25.53 and -1.98 ms.
     */
    @Test
    void comparesTheMeasurementsOfOneRunWithEachOther() {
        Points points = new Points();
        double[][] runs = {{778.72, 773.75}, {850.39, 875.92}, {956.01, 954.03}};
        for (double[] run : runs) {
            points.add(point("direct", run[0], 1000 / run[0]));
            points.add(point("grpc", run[1], 1000 / run[1]));
        }
        SideBySide added = points.sideBySide("direct", ONE, "grpc", ONE, (d, g) -> g.p50Ms() - d.p50Ms());

        assertEquals(-1.98, added.median(), 1e-9);
        assertEquals("-4.97, 25.53, -1.98", added.list());
        double apart = points.median("grpc", ONE).p50Ms() - points.median("direct", ONE).p50Ms();
        assertEquals(25.53, apart, 1e-9, "the medians taken apart pair run 2 with itself only by chance; here they do");
    }

    @Test
    void anEvenNumberOfRunsTakesTheMeanOfTheMiddleTwo() {
        assertEquals(2.5, new SideBySide(new double[] {4, 1, 3, 2}).median(), 1e-12);
        assertEquals(7, SideBySide.of(1, k -> 7).median(), 1e-12);
    }

    @Test
    void aRunWithoutAFiniteComparisonLeavesTheMedianUnmeasured() {
        assertTrue(Double.isNaN(new SideBySide(new double[] {1.9, 1.0 / 0.0, 1.7}).median()),
                "a run whose reference completed no call must not be outvoted into a pass");
        assertTrue(Double.isNaN(new SideBySide(new double[] {1.9, Double.NaN, 1.7}).median()));
        assertEquals("1.90, Infinity, 1.70", new SideBySide(new double[] {1.9, 1.0 / 0.0, 1.7}).list());
    }

    @Test
    void pointsMeasuredUnequallyOftenAreNotPaired() {
        Points points = new Points();
        points.add(point("a", 1, 1));
        points.add(point("a", 2, 1));
        points.add(point("b", 1, 1));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> points.sideBySide("a", ONE, "b", ONE, (x, y) -> 0));
        assertTrue(e.getMessage().contains("'a' at concurrency 1 was measured 2 times"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> points.runs("missing", ONE));
    }

    @Test
    void noRunsIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> new SideBySide(new double[0]));
    }
}
