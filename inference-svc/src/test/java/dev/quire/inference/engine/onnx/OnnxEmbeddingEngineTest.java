package dev.quire.inference.engine.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.quire.common.QuireException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real all-MiniLM-L6-v2 ONNX model from the langchain4j artifact, run by ONNX Runtime. */
class OnnxEmbeddingEngineTest {

    private static OnnxEmbeddingEngine engine;

    @BeforeAll
    static void load() {
        engine = OnnxEmbeddingEngine.miniLm(new EmbeddingSettings(8, 64, 1, false));
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    @Test
    void vectorsHaveModelDimensionAndUnitNorm() {
        Embeddings result = engine.embed(List.of("SELECT name FROM users", "How many orders were placed last week?", ""));
        assertEquals(3, result.size());
        for (float[] vector : result.vectors()) {
            assertEquals(384, vector.length);
            assertEquals(1.0, norm(vector), 1e-5);
        }
        assertTrue(result.truncated().isEmpty());
        assertTrue(result.warning().isEmpty());
    }

    @Test
    void aPaddedBatchGivesTheSameVectorsAsSingleCalls() {
        List<String> texts = List.of("short", "a much longer sentence that needs many more tokens than the first one does",
                "medium length text here", "Ünïcödé accents and punctuation!?", "x");
        float[][] batched = engine.embed(texts).vectors();
        for (int i = 0; i < texts.size(); i++) {
            float[] single = engine.embed(List.of(texts.get(i))).vectors()[0];
            for (int d = 0; d < single.length; d++) {
                assertEquals(single[d], batched[i][d], 1e-5, "text " + i + " dimension " + d);
            }
        }
    }

    @Test
    void lengthBucketsGiveTheSameVectorsAsOnePaddedBatch() {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            texts.add(String.join(" ", java.util.Collections.nCopies(1 + (i * 7) % 40, "word" + i)));
        }
        try (OnnxEmbeddingEngine plain = OnnxEmbeddingEngine.miniLm(new EmbeddingSettings(32, 64, 1, false));
             OnnxEmbeddingEngine bucketed = OnnxEmbeddingEngine.miniLm(new EmbeddingSettings(32, 64, 1, true))) {
            float[][] expected = plain.embed(texts).vectors();
            float[][] actual = bucketed.embed(texts).vectors();
            for (int i = 0; i < texts.size(); i++) {
                assertArrayEquals(expected[i], actual[i], 1e-5f, "text " + i);
            }
        }
    }

    @Test
    void anEngineThatCutsByLengthCountsTheTokensItsBatchesPad() {
        assertTrue(engine.tokenCounter().isEmpty(), "an engine that pads every batch whole has no use for lengths");
        try (OnnxEmbeddingEngine bucketed = OnnxEmbeddingEngine.miniLm(new EmbeddingSettings(32, 64, 1, true))) {
            java.util.function.ToIntFunction<String> count = bucketed.tokenCounter().orElseThrow();
            assertEquals(4, count.applyAsInt("hello world"), "[CLS] hello world [SEP]");
            assertEquals(64, count.applyAsInt(String.join(" ", java.util.Collections.nCopies(200, "database"))),
                    "a text over the limit counts as many tokens as are kept");
        }
        try (OnnxEmbeddingEngine unbatched = OnnxEmbeddingEngine.miniLm(new EmbeddingSettings(1, 64, 1, true))) {
            assertTrue(unbatched.tokenCounter().isEmpty(), "one text per call pads nothing");
        }
    }

    @Test
    void similarSentencesAreCloserThanUnrelatedOnes() {
        float[][] v = engine.embed(List.of("A man is playing a guitar.", "Someone plays an acoustic guitar.",
                "The quarterly tax report is due on Friday.")).vectors();
        double close = dot(v[0], v[1]);
        double far = dot(v[0], v[2]);
        assertTrue(close > far + 0.2, "cos(similar)=" + close + " cos(unrelated)=" + far);
    }

    @Test
    void overLongTextIsTruncatedToTheLimitAndFlagged() {
        String longText = String.join(" ", java.util.Collections.nCopies(200, "database"));
        Embeddings result = engine.embed(List.of("fits", longText));
        assertEquals(List.of(1), result.truncated());
        assertTrue(result.warning().orElseThrow().contains("64 tokens"), result.warning().orElseThrow());
        // Truncation keeps the first 62 word pieces: exactly what a 62-word text gives.
        String cut = String.join(" ", java.util.Collections.nCopies(62, "database"));
        assertArrayEquals(engine.embed(List.of(cut)).vectors()[0], result.vectors()[1], 1e-5f);
    }

    @Test
    void badInputIsRejectedWithTheLimit() {
        QuireException empty = assertThrows(QuireException.InvalidRequest.class, () -> engine.embed(List.of()));
        assertTrue(empty.getMessage().contains("between 1 and 8"), empty.getMessage());

        List<String> nine = new ArrayList<>(java.util.Collections.nCopies(9, "t"));
        QuireException tooMany = assertThrows(QuireException.InvalidRequest.class, () -> engine.embed(nine));
        assertTrue(tooMany.getMessage().contains("9 texts") && tooMany.getMessage().contains("max_batch_size is 8"), tooMany.getMessage());

        QuireException withNull = assertThrows(QuireException.InvalidRequest.class, () -> engine.embed(Arrays.asList("a", null)));
        assertTrue(withNull.getMessage().contains("text 1 is null"), withNull.getMessage());
    }

    @Test
    void settingsOutsideTheModelLimitsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new EmbeddingSettings(8, 1000, 1, false));
        assertTrue(e.getMessage().contains("between 3 and 512"), e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }

    static double norm(float[] v) {
        return Math.sqrt(dot(v, v));
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
