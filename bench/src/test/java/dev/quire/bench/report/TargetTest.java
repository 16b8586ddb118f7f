package dev.quire.bench.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class TargetTest {

    @Test
    void boundsIncludeTheLimitExceptBelow() {
        assertTrue(Target.atLeast("s", "ratio", 1.8, 1.8, "x").met());
        assertFalse(Target.atLeast("s", "ratio", 1.79, 1.8, "x").met());
        assertTrue(Target.atMost("s", "share", 25, 25, "%").met());
        assertFalse(Target.atMost("s", "share", 25.1, 25, "%").met());
        assertTrue(Target.below("s", "ms", 4.99, 5, " ms").met());
        assertFalse(Target.below("s", "ms", 5, 5, " ms").met());
    }

    @Test
    void aValueThatWasNotMeasuredNeverPasses() {
        assertFalse(Target.atMost("s", "share", Double.NaN, 25, "%").met());
        assertFalse(Target.atLeast("s", "ratio", 0.0 / 0.0, 1, "x").met());
    }

    /** A ratio to a reference point that completed no call in its window divides by zero. */
    @Test
    void anInfiniteValueNeverPasses() {
        double onOverNothing = 8.0 / 0.0;
        assertFalse(Target.atLeast("s", "on / direct", onOverNothing, 80, "%").met());
        assertFalse(Target.atMost("s", "lost", -1.0 / 0.0, 5, "%").met());
        assertTrue(Target.table(List.of(Target.atLeast("s", "on / direct", onOverNothing, 80, "%")))
                .contains("| s | on / direct | inf% | >= 80.00% | **FAIL** |"));
    }

    @Test
    void theTableShowsValueLimitAndVerdict() {
        String table = Target.table(List.of(Target.atLeast("embeddings", "on / off", 2.03, 1.8, "x"),
                Target.below("burst", "slowest rejection", 7.5, 5, " ms")));
        assertTrue(table.contains("| embeddings | on / off | 2.03x | >= 1.80x | **PASS** |"), table);
        assertTrue(table.contains("| burst | slowest rejection | 7.50 ms | < 5.00 ms | **FAIL** |"), table);
    }

    /** A value that prints like its limit gets the decimals that tell them apart, so a FAIL never reads "1.80x >= 1.80x". */
    @Test
    void aValueCloseToItsLimitPrintsTheDecimalsThatDecide() {
        String table = Target.table(List.of(Target.atLeast("embeddings", "on / off", 765.7 / 426.0, 1.8, "x"),
                Target.below("burst", "slowest rejection", 4.9996, 5, " ms"),
                Target.atLeast("exact", "on / off", 1.8, 1.8, "x"),
                Target.atMost("tiny", "lost", 1e-9, 0, "")));
        assertTrue(table.contains("| embeddings | on / off | 1.797x | >= 1.80x | **FAIL** |"), table);
        assertTrue(table.contains("| burst | slowest rejection | 4.9996 ms | < 5.00 ms | **PASS** |"), table);
        assertTrue(table.contains("| exact | on / off | 1.80x | >= 1.80x | **PASS** |"), table);
        assertTrue(table.contains("| tiny | lost | 1.0E-9 | <= 0.00 | **FAIL** |"), table);
    }
}
