package dev.quire.inference.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.quire.inference.engine.GenerationOptions;
import dev.quire.inference.engine.GenerationResult;
import dev.quire.inference.engine.LlamaCppEngine;
import dev.quire.inference.engine.LlamaCppSettings;
import dev.quire.inference.model.RandomModelCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RandomLlamaModelGeneratorTest {

    private static byte[] bytes(long seed) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new RandomLlamaModelGenerator(seed).write(out);
        return out.toByteArray();
    }

    @Test
    void sameSeedGivesTheSameBytesAndAnotherSeedDifferentOnes() throws IOException {
        byte[] first = bytes(7);
        assertArrayEquals(first, bytes(7));
        assertFalse(Arrays.equals(first, bytes(8)));
    }

    @Test
    void headerIsGgufVersion3WithAlignedTensorData() throws IOException {
        byte[] file = bytes(7);
        ByteBuffer buffer = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals("GGUF", new String(file, 0, 4, StandardCharsets.US_ASCII));
        buffer.position(4);
        assertEquals(3, buffer.getInt());
        long tensorCount = buffer.getLong();
        assertEquals(2 + 9L * RandomLlamaModelGenerator.BLOCK_COUNT + 1, tensorCount);
        assertTrue(buffer.getLong() >= 20, "metadata key-values");
        // token_embd + per layer (4 n*n, 3 n*ff, 2 norms) + output_norm + output, each padded to 32 bytes
        int n = RandomLlamaModelGenerator.EMBEDDING_LENGTH;
        int ff = RandomLlamaModelGenerator.FEED_FORWARD_LENGTH;
        int vocab = RandomModelVocabulary.create().size();
        long data = 4L * (2L * n * vocab + n + RandomLlamaModelGenerator.BLOCK_COUNT * (4L * n * n + 3L * n * ff + 2L * n));
        assertEquals(0, file.length % GgufWriter.ALIGNMENT, "file ends on an aligned boundary");
        assertTrue(file.length > data && file.length < data + 200_000, "file size " + file.length + " vs tensor data " + data);
    }

    @Test
    void theTinyDefaultKeepsItsNameAndItsBytes() throws Exception {
        RandomLlamaModelGenerator generator = new RandomLlamaModelGenerator(20240611L);
        assertEquals("quire-random-llama-v1-seed20240611.gguf", generator.fileName(), "existing caches stay valid");
        assertEquals(RandomModelShape.TINY, generator.shape());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        generator.write(out);
        // The digest of the file as generated before shapes existed.
        assertEquals("89ba8dadb892d258674104edfad96895ac4df9ba49ef1cf273672bf223d4bd87",
                java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(out.toByteArray())));
    }

    @Test
    void anotherShapeNamesItselfInTheFileAndHasItsTensorsAndParameters() throws IOException {
        RandomModelShape shape = new RandomModelShape(32, 3, 2, 48, 256);
        RandomLlamaModelGenerator generator = new RandomLlamaModelGenerator(7, shape);
        assertEquals("quire-random-llama-v1-e32-b3-h2-ff48-ctx256-seed7.gguf", generator.fileName());
        int vocab = RandomModelVocabulary.create().size();
        long expected = 2L * 32 * vocab + 32 + 3 * (4L * 32 * 32 + 3L * 32 * 48 + 2 * 32);
        assertEquals(expected, generator.parameterCount());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        generator.write(out);
        byte[] file = out.toByteArray();
        ByteBuffer buffer = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        buffer.position(8);
        assertEquals(2 + 9L * 3 + 1, buffer.getLong(), "tensors of 3 blocks");
        assertTrue(file.length > 4 * expected && file.length < 4 * expected + 200_000, "f32 weights: " + file.length + " bytes");
        assertFalse(Arrays.equals(file, bytes(7)), "another shape, other bytes");
    }

    @Test
    void shapesThatCannotFormAttentionHeadsAreRefused() {
        IllegalArgumentException uneven = assertThrows(IllegalArgumentException.class, () -> new RandomModelShape(30, 1, 4, 48, 256));
        assertTrue(uneven.getMessage().contains("4 heads of an even size"), uneven.getMessage());
        IllegalArgumentException noBlocks = assertThrows(IllegalArgumentException.class, () -> new RandomModelShape(32, 0, 2, 48, 256));
        assertTrue(noBlocks.getMessage().contains("blockCount 0"), noBlocks.getMessage());
    }

    @Test
    void alignHelperRoundsUpToThirtyTwo() {
        assertEquals(0, GgufWriter.align(0));
        assertEquals(32, GgufWriter.align(1));
        assertEquals(32, GgufWriter.align(32));
        assertEquals(64, GgufWriter.align(33));
    }

    @Test
    void vocabularyHasControlByteAndWordTokens() {
        RandomModelVocabulary vocabulary = RandomModelVocabulary.create();
        assertEquals(List.of("<unk>", "<s>", "</s>", "<0x00>"), vocabulary.tokens().subList(0, 4));
        assertEquals("<0xFF>", vocabulary.tokens().get(3 + 255));
        assertEquals(6, vocabulary.types()[3 + 255]);
        assertTrue(vocabulary.tokens().contains("\u2581SELECT"));
        float[] scores = vocabulary.scores();
        for (int i = 260; i < scores.length; i++) {
            assertTrue(scores[i] < scores[i - 1], "scores descend");
        }
    }

    @Test
    void cacheGeneratesOnceAndLlamaCppLoadsAndRunsTheModel(@TempDir Path cacheDir) throws IOException {
        RandomLlamaModelGenerator generator = new RandomLlamaModelGenerator(7);
        RandomModelCache cache = new RandomModelCache(cacheDir);
        Path file = cache.obtain(generator);
        assertTrue(file.getFileName().toString().contains("seed7") && file.getFileName().toString().contains("-v" + RandomLlamaModelGenerator.FORMAT_VERSION));
        assertArrayEquals(bytes(7), Files.readAllBytes(file));
        long modified = Files.getLastModifiedTime(file).toMillis();
        assertEquals(file, cache.obtain(generator));
        assertEquals(modified, Files.getLastModifiedTime(file).toMillis(), "a cached file is reused, not rewritten");

        try (LlamaCppEngine engine = LlamaCppEngine.load(file, new LlamaCppSettings(256, 1, 1))) {
            // Whole words are single tokens; unknown text falls back to bytes (plus the BOS token).
            assertEquals(1 + 2, engine.countTokens("SELECT FROM"));
            assertEquals(1 + 1 + 2 + 1, engine.countTokens("\u00e9x"), "BOS, the space marker, two UTF-8 bytes of é, x");
            List<String> pieces = new ArrayList<>();
            GenerationResult result = engine.generate("SELECT name FROM", GenerationOptions.greedy(10), pieces::add);
            assertFalse(pieces.isEmpty(), "the random model generates tokens");
            assertEquals(String.join("", pieces), result.text());
        }
    }
}
