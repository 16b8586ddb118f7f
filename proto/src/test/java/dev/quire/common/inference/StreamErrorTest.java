package dev.quire.common.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.common.QuireException;
import dev.quire.proto.events.Failure;
import org.junit.jupiter.api.Test;

/** A failure inside a ModelStreamInfer stream maps to the same typed error as the unary call's status. */
class StreamErrorTest {

    private static QuireException fromStream(String errorMessage) {
        return TextGenerationClient.translate(TextGenerationClient.streamError(errorMessage));
    }

    @Test
    void theStatusCodeInTheMessageDecidesTheError() {
        QuireException full = fromStream("RESOURCE_EXHAUSTED: the queue of model 'llm' is full (max_queue_size 8)");
        assertInstanceOf(QuireException.Unavailable.class, full, "an overloaded server is not the client's fault");
        assertTrue(full.getMessage().contains("overloaded") && full.getMessage().contains("max_queue_size 8"), full.getMessage());

        assertInstanceOf(QuireException.DeadlineExceeded.class, fromStream("DEADLINE_EXCEEDED: request r passed its timeout"));
        assertInstanceOf(QuireException.Unavailable.class, fromStream("UNAVAILABLE: model 'llm' is still loading"));

        QuireException tooLong = fromStream("INVALID_ARGUMENT: the prompt has 600 tokens; the context holds 512");
        assertInstanceOf(QuireException.InvalidRequest.class, tooLong);
        assertTrue(tooLong.getMessage().endsWith("the prompt has 600 tokens; the context holds 512"), tooLong.getMessage());
    }

    @Test
    void aPromptOverTheContextComesBackTypedWithItsTokenCounts() {
        String said = new PromptTooLongException(4489, 4096).getMessage();
        PromptTooLongException tooLong = assertInstanceOf(PromptTooLongException.class, fromStream("INVALID_ARGUMENT: " + said));
        assertEquals(4489, tooLong.promptTokens());
        assertEquals(4096, tooLong.contextTokens());
        assertTrue(tooLong.getMessage().contains("shorten the prompt by at least 394 tokens"), tooLong.getMessage());
    }

    @Test
    void aMessageWithoutACodeIsAnInternalFailureKeepingTheWholeText() {
        QuireException plain = fromStream("engine crashed: segfault in decode");
        assertEquals(Failure.Code.INTERNAL, plain.code());
        assertTrue(plain.getMessage().contains("engine crashed: segfault in decode"), plain.getMessage());

        QuireException notACode = fromStream("Prompt: too long");
        assertEquals(Failure.Code.INTERNAL, notACode.code());
        assertTrue(notACode.getMessage().contains("Prompt: too long"), notACode.getMessage());
    }
}
