package dev.quire.gitcommit.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.common.inference.PromptTooLongException;
import org.junit.jupiter.api.Test;

/** The diff budget after a refusal: cut by the overflow at the refused prompt's own characters per token. */
class ContextFitTest {

    @Test
    void cutsTheOverflowAndRoomForTheAnswerAtTheRefusedPromptsRatio() {
        // 5,000 characters at one token each, context 4,096, 96 tokens kept for the answer: 1,000 over, cut 1,200 with the margin.
        int budget = ContextFit.shrink(3_000, 5_000, new PromptTooLongException(5_000, 4_096), 96);
        assertEquals(3_000 - 1_200, budget);

        // Four characters a token: the same token overflow is four times as many characters.
        int coarse = ContextFit.shrink(12_000, 20_000, new PromptTooLongException(5_000, 4_096), 96);
        assertEquals(12_000 - 4_800, coarse);
    }

    @Test
    void neverGrowsAndStopsAtNothing() {
        assertEquals(0, ContextFit.shrink(500, 5_000, new PromptTooLongException(5_000, 1_000), 96), "more overflow than diff: no diff");
        int barelyOver = ContextFit.shrink(500, 1_000, new PromptTooLongException(1_000, 1_000), 0);
        assertTrue(barelyOver < 500, "a refused prompt always gets a smaller budget: " + barelyOver);
    }
}
