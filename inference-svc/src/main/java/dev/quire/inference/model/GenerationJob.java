package dev.quire.inference.model;

import java.util.concurrent.CompletableFuture;

import dev.quire.inference.engine.GenerationOptions;
import dev.quire.inference.engine.GenerationResult;

/**
 * One text-generation request waiting in or running through a model's scheduler.
 *
 * @param prompt  the prompt
 * @param promptTokens the prompt's length as the model's engine counted it
 * @param options validated options
 * @param pieces  receives each generated piece (a no-op for unary requests)
 * @param result  completed with the answer, or exceptionally with the reason it has none
 */
public record GenerationJob(String prompt, int promptTokens, GenerationOptions options, java.util.function.Consumer<String> pieces,
                            CompletableFuture<GenerationResult> result) {
}
