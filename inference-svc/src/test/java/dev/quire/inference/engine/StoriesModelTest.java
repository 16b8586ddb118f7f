package dev.quire.inference.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proves the engine computes a real trained model correctly: stories260K (TinyStories) continues
 * "Once upon a time" greedily with its well-known sentence about Lily.
 */
class StoriesModelTest {

    private static LlamaCppEngine engine;

    static Path storiesModel() {
        String shared = System.getProperty("quire.shared.dir");
        Path dir = shared != null ? Path.of(shared) : Path.of("../../shared");
        return dir.resolve("models/stories260K.gguf").toAbsolutePath().normalize();
    }

    @BeforeAll
    static void load() {
        Path model = storiesModel();
        assumeTrue(Files.isRegularFile(model), "stories260K.gguf not found at " + model
                + " (set -Dquire.shared.dir to the shared folder beside the repository); skipping the real-model test");
        engine = LlamaCppEngine.load(model, new LlamaCppSettings(512, 1, 1));
    }

    @AfterAll
    static void close() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void greedyDecodingContinuesTheStoryAboutLily() {
        List<String> pieces = new ArrayList<>();
        GenerationResult result = engine.generate("Once upon a time", GenerationOptions.greedy(24), pieces::add);
        System.out.println("stories260K greedy continuation of 'Once upon a time': [" + result.text() + "]");
        assertTrue(result.text().startsWith(", there was a little girl named Lily."),
                "expected the model card's greedy continuation, got: " + result.text());
        assertEquals(String.join("", pieces), result.text(), "streamed pieces must add up to the result text");
        assertTrue(pieces.size() > 5, "expected one piece per token, got " + pieces);
        assertFalse(result.cancelled());
    }

    /** The engine above runs with flash attention (the default); the plain attention kernel must agree with it. */
    @Test
    void withoutFlashAttentionTheGreedyStoryIsTheSame() {
        String flash = engine.generate("Once upon a time", GenerationOptions.greedy(24), piece -> { }).text();
        try (LlamaCppEngine plain = LlamaCppEngine.load(storiesModel(), new LlamaCppSettings(512, 1, 1, false))) {
            String text = plain.generate("Once upon a time", GenerationOptions.greedy(24), piece -> { }).text();
            assertTrue(text.startsWith(", there was a little girl named Lily."), "expected the model card's greedy continuation, got: " + text);
            assertEquals(flash, text);
        }
    }

    @Test
    void greedyDecodingIsRepeatable() {
        String first = engine.generate("Once upon a time", GenerationOptions.greedy(12), piece -> { }).text();
        String second = engine.generate("Once upon a time", GenerationOptions.greedy(12), piece -> { }).text();
        assertEquals(first, second);
    }

    @Test
    void stopStringEndsTheAnswerBeforeIt() {
        GenerationOptions options = new GenerationOptions(24, 0.0, java.util.Optional.empty(), List.of("Lily"), java.util.Optional.empty());
        String text = engine.generate("Once upon a time", options, piece -> { }).text();
        assertEquals(", there was a little girl named ", text);
    }
}
