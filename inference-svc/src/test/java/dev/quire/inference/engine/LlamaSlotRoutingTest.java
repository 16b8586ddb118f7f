package dev.quire.inference.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import de.kherud.llama.InferenceParameters;
import dev.quire.common.inference.PromptTooLongException;
import dev.quire.inference.gguf.RandomLlamaModelGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * llama.cpp receives the slot Quire routes a request to (de.kherud 4.2.0 has no setter for it), and
 * the other per-request options that are not plain sampling settings.
 */
class LlamaSlotRoutingTest {

    private static LlamaCppEngine engine;
    private static Path dir;

    @BeforeAll
    static void load() throws Exception {
        dir = Files.createTempDirectory("quire-slot-test-");
        Path model = dir.resolve("random.gguf");
        new RandomLlamaModelGenerator(20240611L).write(model);
        engine = LlamaCppEngine.load(model, new LlamaCppSettings(256, 2, 1));
    }

    @AfterAll
    static void close() throws Exception {
        if (engine != null) {
            engine.close();
        }
        Files.deleteIfExists(dir.resolve("random.gguf"));
        Files.deleteIfExists(dir);
    }

    @Test
    void theSlotIsWrittenIntoTheCompletionRequest() {
        InferenceParameters parameters = new InferenceParameters("hi");
        LlamaSlotParameter.set(parameters, 1);
        assertTrue(parameters.toString().replace(" ", "").contains("\"id_slot\":1"), parameters.toString());
    }

    @Test
    void eachSlotGivesTheSameGreedyAnswer() throws Exception {
        String anySlot = engine.generate("SELECT name FROM", GenerationOptions.greedy(6), piece -> { }).text();
        assertEquals(anySlot, engine.generateOnSlot("SELECT name FROM", GenerationOptions.greedy(6), piece -> { }, 0).text());
        assertEquals(anySlot, engine.generateOnSlot("SELECT name FROM", GenerationOptions.greedy(6), piece -> { }, 1).text());

        assertThrows(IllegalArgumentException.class, () -> engine.generateOnSlot("x", GenerationOptions.greedy(1), piece -> { }, 2));
    }

    @Test
    void aPromptCountedByTheCallerIsNotTokenizedAgain() {
        String prompt = "SELECT name FROM";
        int tokens = engine.countTokens(prompt);
        GenerationResult counted = engine.generateOnSlot(prompt, tokens, GenerationOptions.greedy(6), piece -> { }, 0);
        assertEquals(engine.generate(prompt, GenerationOptions.greedy(6), piece -> { }).text(), counted.text());
        assertEquals(tokens, counted.promptTokens());

        // The engine checks the given count, not a count of its own: a 2-token prompt said to fill the context is refused,
        // and one said to leave 3 tokens of room gets at most 3.
        assertThrows(PromptTooLongException.class, () -> engine.generateOnSlot("x", 256, GenerationOptions.greedy(1), piece -> { }, 0));
        GenerationResult clamped = engine.generateOnSlot(prompt, 253, GenerationOptions.greedy(64).withIgnoreEos(true), piece -> { }, 1);
        assertTrue(clamped.pieces() <= 3, "at most the 3 tokens of room the given count leaves: " + clamped);
    }

    @Test
    void ignoreEosGeneratesPastTheEndOfSequenceToken() {
        // With seed 20240611 the random model's greedy answer to this prompt ends with EOS after a few tokens.
        String prompt = "docs a FROM";
        GenerationResult stopped = engine.generate(prompt, GenerationOptions.greedy(64), piece -> { });
        GenerationResult ignoring = engine.generate(prompt, GenerationOptions.greedy(64).withIgnoreEos(true), piece -> { });
        assertTrue(stopped.pieces() < 20, "the model stops early on its own: " + stopped);
        assertTrue(ignoring.text().startsWith(stopped.text()) && ignoring.pieces() > 3 * stopped.pieces(),
                "the same answer, continued past EOS: " + ignoring);
    }
}
