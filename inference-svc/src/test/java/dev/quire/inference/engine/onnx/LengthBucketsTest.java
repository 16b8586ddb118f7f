package dev.quire.inference.engine.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

class LengthBucketsTest {

    @Test
    void textsOfOneLengthShareOneCall() {
        assertArrayEquals(new int[] {16}, LengthBuckets.sizes(lengths(16, 20)));
        assertArrayEquals(new int[] {1}, LengthBuckets.sizes(new int[] {300}));
    }

    @Test
    void aShortTextIsNotPaddedToALongOne() {
        // Together: 12 + 2 * 200 = 412 token-times; apart: 12 + 7 + 12 + 200 = 231.
        assertArrayEquals(new int[] {1, 1}, LengthBuckets.sizes(new int[] {7, 200}));
    }

    @Test
    void nearLengthsShareACallWhenTheSavedCallOutweighsThePadding() {
        // Together: 12 + 2 * 21 = 54; apart: 12 + 20 + 12 + 21 = 65.
        assertArrayEquals(new int[] {2}, LengthBuckets.sizes(new int[] {20, 21}));
        // Together: 12 + 2 * 40 = 92; apart: 12 + 20 + 12 + 40 = 84.
        assertArrayEquals(new int[] {1, 1}, LengthBuckets.sizes(new int[] {20, 40}));
    }

    @Test
    void theCutIsTheCheapestOfAllCutsOfRandomBatches() {
        Random random = new Random(20261130L);
        for (int trial = 0; trial < 300; trial++) {
            int[] lengths = new int[1 + random.nextInt(12)];
            for (int i = 0; i < lengths.length; i++) {
                lengths[i] = 3 + random.nextInt(random.nextBoolean() ? 20 : 120);
            }
            Arrays.sort(lengths);
            int[] sizes = LengthBuckets.sizes(lengths);
            assertEquals(lengths.length, Arrays.stream(sizes).sum(), Arrays.toString(lengths));
            assertEquals(cheapestOfAllCuts(lengths), LengthBuckets.cost(lengths, sizes), Arrays.toString(lengths));
        }
    }

    @Test
    void weightedItemsAreCutByTheirTexts() {
        // Requests of 1 text of 10 tokens and 6 texts of 12: together 12 + 7 * 12 = 96, apart 12 + 10 + 12 + 72 = 106.
        assertArrayEquals(new int[] {2}, LengthBuckets.sizes(new int[] {10, 12}, new int[] {1, 6}));
        // 6 texts of 10 and 1 of 14: together 12 + 7 * 14 = 110, apart 12 + 60 + 12 + 14 = 98.
        assertArrayEquals(new int[] {1, 1}, LengthBuckets.sizes(new int[] {10, 14}, new int[] {6, 1}));
    }

    @Test
    void aWeightedCutIsTheCutOfItsTextsWhenEveryItemHoldsOne() {
        Random random = new Random(20261202L);
        for (int trial = 0; trial < 200; trial++) {
            int[] lengths = new int[1 + random.nextInt(32)];
            for (int i = 0; i < lengths.length; i++) {
                lengths[i] = 3 + random.nextInt(60);
            }
            Arrays.sort(lengths);
            int[] ones = new int[lengths.length];
            Arrays.fill(ones, 1);
            assertArrayEquals(LengthBuckets.sizes(lengths), LengthBuckets.sizes(lengths, ones), Arrays.toString(lengths));
        }
    }

    @Test
    void unsortedLengthsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LengthBuckets.sizes(new int[] {9, 4}));
        assertEquals("lengths must be sorted ascending", e.getMessage());
    }

    /** Every way to cut n sorted texts into runs: one bit per gap between neighbours. */
    private static long cheapestOfAllCuts(int[] lengths) {
        long best = Long.MAX_VALUE;
        for (int gaps = 0; gaps < 1 << (lengths.length - 1); gaps++) {
            int[] sizes = new int[Integer.bitCount(gaps) + 1];
            int k = 0;
            int size = 1;
            for (int i = 0; i < lengths.length - 1; i++) {
                if ((gaps & (1 << i)) != 0) {
                    sizes[k++] = size;
                    size = 1;
                } else {
                    size++;
                }
            }
            sizes[k] = size;
            best = Math.min(best, LengthBuckets.cost(lengths, sizes));
        }
        return best;
    }

    private static int[] lengths(int count, int length) {
        int[] lengths = new int[count];
        Arrays.fill(lengths, length);
        return lengths;
    }
}
