package dev.quire.bench.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StreamTimerTest {

    @Test
    void firstTokenAndMeanGapCountTokensNotPieces() {
        StreamTimer timer = new StreamTimer(1_000);
        timer.piece(6_000);
        timer.piece(8_000);
        // A multi-byte character: two tokens arrive as one piece.
        timer.piece(14_000);
        CallOutcome outcome = timer.outcome(4);
        assertEquals(4, outcome.outputTokens());
        assertEquals(5_000, outcome.firstTokenNanos());
        assertArrayEquals(new long[] {8_000 / 3}, outcome.interTokenNanos(), "(last - first) / (tokens - 1)");
    }

    @Test
    void anAnswerThatCannotHaveTheAskedLengthFails() {
        StreamTimer none = new StreamTimer(0);
        assertThrows(IllegalStateException.class, () -> none.outcome(8));
        StreamTimer tooMany = new StreamTimer(0);
        for (int i = 0; i < 3; i++) {
            tooMany.piece(i);
        }
        assertThrows(IllegalStateException.class, () -> tooMany.outcome(2));
    }
}
