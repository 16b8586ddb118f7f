package dev.quire.inference.grpc;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.quire.common.QuireException;
import dev.quire.common.inference.PromptTooLongException;
import dev.quire.inference.config.ModelConfig;
import dev.quire.inference.engine.GenerationResult;
import dev.quire.inference.model.GenerationJob;
import dev.quire.inference.model.LoadedModel;
import dev.quire.inference.model.RequestFailures;
import dev.quire.inference.model.ServedModel;
import dev.quire.inference.scheduler.RequestSpec;
import dev.quire.inference.scheduler.ScheduledRequest;
import dev.quire.proto.inference.ModelInferRequest;
import dev.quire.proto.inference.ModelInferResponse;
import dev.quire.proto.inference.ModelStreamInferResponse;
import io.grpc.Deadline;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Submits KServe inference requests to their model's scheduler (embedding models go to
 * {@link EmbeddingInference}). Nothing here blocks: the
 * answer arrives through the returned submission, and cancelling it takes the request out of the
 * queue, or stops its generation at the next token.
 */
@ApplicationScoped
public class TextInference {

    private final ServedModel served;
    private final GenerationRequestParser parser;
    private final EmbeddingInference embeddings = new EmbeddingInference();

    @Inject
    public TextInference(ServedModel served, ModelConfig config) {
        this.served = served;
        this.parser = new GenerationRequestParser(config.defaultMaxTokens(), config.maxTokensCap());
    }

    /**
     * A request the scheduler accepted.
     *
     * @param result completes with the response, or exceptionally
     * @param cancel takes the request back (client cancelled or disconnected)
     */
    public record Submission<T>(CompletableFuture<T> result, Runnable cancel) {
    }

    /**
     * Queues a whole-answer request.
     *
     * @throws QuireException when the request is malformed, the model unknown or not ready, or its queue full
     */
    public Submission<ModelInferResponse> infer(ModelInferRequest request) {
        return infer(request, Optional.empty());
    }

    /**
     * Like {@link #infer(ModelInferRequest)} for a gRPC client with a deadline: the request is given
     * up when it passes, queued (answered DEADLINE_EXCEEDED then) or running (stopped at its next
     * token), and a remote engine gets the time left as its own deadline.
     */
    Submission<ModelInferResponse> infer(ModelInferRequest request, Optional<Deadline> clientDeadline) {
        long arrived = System.nanoTime();
        LoadedModel model = model(request);
        return countingRefusals(model, arrived, () -> {
            requireRawContentsPerInput(request);
            if (model.embeds()) {
                return embeddings.infer(model, request, clientDeadline);
            }
            CompletableFuture<GenerationResult> result = new CompletableFuture<>();
            ScheduledRequest<GenerationJob> handle = submit(model, request, piece -> { }, result, clientDeadline);
            return new Submission<>(result.thenApply(r -> InferResponses.text(model, request, r.text())),
                    () -> model.generationScheduler().cancel(handle));
        });
    }

    /**
     * Queues a streaming request: one response per generated piece, then a final one flagged
     * {@code triton_final_response}; the returned future completes after the final response.
     */
    public Submission<Void> stream(ModelInferRequest request, Consumer<ModelStreamInferResponse> responses) {
        return stream(request, responses, Optional.empty());
    }

    /** Like {@link #stream(ModelInferRequest, Consumer)} bounded by a gRPC client's deadline (see {@link #infer(ModelInferRequest, Optional)}). */
    Submission<Void> stream(ModelInferRequest request, Consumer<ModelStreamInferResponse> responses, Optional<Deadline> clientDeadline) {
        long arrived = System.nanoTime();
        LoadedModel model = model(request);
        return countingRefusals(model, arrived, () -> {
            requireRawContentsPerInput(request);
            CompletableFuture<GenerationResult> result = new CompletableFuture<>();
            ScheduledRequest<GenerationJob> handle = submit(model, request,
                    piece -> responses.accept(InferResponses.streamPiece(model, request, piece, false)), result, clientDeadline);
            return new Submission<>(result.thenAccept(r -> responses.accept(InferResponses.streamPiece(model, request, "", true))),
                    () -> model.generationScheduler().cancel(handle));
        });
    }

    /** Runs a request's intake; a refusal there (bad input, full queue) counts as the model's failure, as one later would. */
    private static <T> T countingRefusals(LoadedModel model, long arrivedNanos, Supplier<T> intake) {
        try {
            return intake.get();
        } catch (QuireException refused) {
            RequestFailures.refused(model.stats(), refused, arrivedNanos);
            throw refused;
        }
    }

    private ScheduledRequest<GenerationJob> submit(LoadedModel model, ModelInferRequest request, Consumer<String> pieces,
                                                   CompletableFuture<GenerationResult> result, Optional<Deadline> clientDeadline) {
        RequestSpec spec = SchedulingParameters.spec(request, 1, clientDeadline);
        // A full queue refuses at once: parsing and tokenizing a doomed request would slow every refusal of a burst.
        model.generationScheduler().checkAdmission(spec);
        GenerationRequestParser.ParsedRequest parsed = parser.parse(request, model.engine());
        // Refused before queueing: an over-long prompt must not wait for a slot only to fail there. The count
        // goes to the engine with the job, which would otherwise tokenize the prompt again (~0.13 ms for a
        // 20-word prompt on the 2-core development VM, between a call's arrival and its start; more for a schema).
        int promptTokens = model.engine().countTokens(parsed.prompt());
        if (promptTokens >= model.engine().contextSize()) {
            throw new PromptTooLongException(promptTokens, model.engine().contextSize());
        }
        GenerationJob job = new GenerationJob(parsed.prompt(), promptTokens, parsed.options(), pieces, result);
        return model.generationScheduler().enqueue(spec, job);
    }

    private LoadedModel model(ModelInferRequest request) {
        ModelAdmin.requireVersion(request.getModelName(), request.getModelVersion());
        return served.require(request.getModelName());
    }

    /** Triton's raw form pairs the i-th raw_input_contents with the i-th input; an entry left over would go unread. */
    private static void requireRawContentsPerInput(ModelInferRequest request) {
        int raw = request.getRawInputContentsCount();
        if (raw > 0 && raw != request.getInputsCount()) {
            throw new QuireException.InvalidRequest("raw_input_contents holds " + raw + " entries for " + request.getInputsCount()
                    + " input(s); send one per input, in the order of the inputs, or none");
        }
    }
}
