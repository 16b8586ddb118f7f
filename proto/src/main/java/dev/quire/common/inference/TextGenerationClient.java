package dev.quire.common.inference;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.common.QuireException;
import dev.quire.proto.inference.GRPCInferenceServiceGrpc;
import dev.quire.proto.inference.ModelInferRequest;
import dev.quire.proto.inference.ModelInferResponse;
import dev.quire.proto.inference.ModelStreamInferResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The domain services' only door to a model: one KServe v2 ModelInfer call on the {@code llm}
 * model of inference-svc, with the request's deadline as the gRPC deadline. gRPC failures become
 * typed {@link QuireException}s so the reply says what went wrong. {@link #generateStreaming} does
 * the same over ModelStreamInfer and hands each generated piece to the caller as it arrives.
 */
@ApplicationScoped
public class TextGenerationClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    @GrpcClient("inference")
    GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub inference;

    @ConfigProperty(name = "quire.inference.model", defaultValue = "llm")
    String modelName;

    public GenerationResult generate(GenerationRequest request) {
        long millisLeft = Duration.between(Instant.now(), request.deadline()).toMillis();
        if (millisLeft <= 0) {
            throw new QuireException.DeadlineExceeded("the request's deadline passed before the model was called");
        }
        ModelInferResponse response;
        try {
            response = inference.withDeadlineAfter(millisLeft, TimeUnit.MILLISECONDS).modelInfer(toInferRequest(request));
        } catch (StatusRuntimeException e) {
            throw translate(e);
        }
        String text = TextTensors.readOutput(response, TextTensors.TEXT_OUTPUT)
                .orElseThrow(() -> new QuireException(dev.quire.proto.events.Failure.Code.INTERNAL,
                        "inference-svc answered without a " + TextTensors.TEXT_OUTPUT + " output"));
        List<String> warnings = new ArrayList<>();
        if (response.containsParameters(InferenceParameters.WARNING)) {
            warnings.add(response.getParametersOrThrow(InferenceParameters.WARNING).getStringParam());
        }
        return new GenerationResult(text, List.copyOf(warnings));
    }

    /**
     * Streams the generation: every piece of text goes to {@code onPiece} on the calling thread, in
     * order, as inference-svc produces it; returns the whole text once the final response came.
     * If {@code onPiece} throws (the consumer stopped), the gRPC call is cancelled, so the engine
     * stops generating, and the exception propagates. The deadline is the gRPC deadline.
     */
    public GenerationResult generateStreaming(GenerationRequest request, Consumer<String> onPiece) {
        long millisLeft = Duration.between(Instant.now(), request.deadline()).toMillis();
        if (millisLeft <= 0) {
            throw new QuireException.DeadlineExceeded("the request's deadline passed before the model was called");
        }
        StreamEvents events = new StreamEvents();
        GRPCInferenceServiceGrpc.newStub(inference.getChannel())
                .withDeadlineAfter(millisLeft, TimeUnit.MILLISECONDS)
                .modelStreamInfer(events)
                .onNext(toInferRequest(request));
        events.halfClose();
        StringBuilder text = new StringBuilder();
        List<String> warnings = new ArrayList<>();
        try {
            while (true) {
                // The gRPC deadline ends the call; the extra second only guards against a lost signal.
                long wait = Duration.between(Instant.now(), request.deadline()).toMillis() + 1000;
                Object event = events.queue.poll(Math.max(1, wait), TimeUnit.MILLISECONDS);
                if (event == null) {
                    throw new QuireException.DeadlineExceeded("the model did not finish streaming before the deadline");
                }
                if (event instanceof StatusRuntimeException e) {
                    throw translate(e);
                }
                if (event instanceof Throwable t) {
                    throw new QuireException(dev.quire.proto.events.Failure.Code.INTERNAL, "inference-svc stream failed: " + t, t);
                }
                if (event == StreamEvents.COMPLETED) {
                    throw new QuireException(dev.quire.proto.events.Failure.Code.INTERNAL,
                            "inference-svc ended the stream without a final response");
                }
                ModelStreamInferResponse response = (ModelStreamInferResponse) event;
                if (!response.getErrorMessage().isEmpty()) {
                    throw translate(streamError(response.getErrorMessage()));
                }
                ModelInferResponse piece = response.getInferResponse();
                if (piece.containsParameters(InferenceParameters.WARNING)) {
                    String warning = piece.getParametersOrThrow(InferenceParameters.WARNING).getStringParam();
                    if (!warnings.contains(warning)) {
                        warnings.add(warning);
                    }
                }
                String pieceText = TextTensors.readOutput(piece, TextTensors.TEXT_OUTPUT).orElse("");
                if (!pieceText.isEmpty()) {
                    text.append(pieceText);
                    onPiece.accept(pieceText);
                }
                if (piece.getParametersOrDefault(InferenceParameters.FINAL_RESPONSE, dev.quire.proto.inference.InferParameter.getDefaultInstance())
                        .getBoolParam()) {
                    events.finish();
                    return new GenerationResult(text.toString(), List.copyOf(warnings));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            events.cancel("the caller was interrupted");
            throw new QuireException.Unavailable("interrupted while the model was streaming", e);
        } catch (RuntimeException e) {
            events.cancel("the consumer stopped: " + e.getMessage());
            throw e;
        }
    }

    /** Moves the stream's callbacks (gRPC threads) onto a queue the calling thread drains in order. */
    private static final class StreamEvents implements ClientResponseObserver<ModelInferRequest, ModelStreamInferResponse> {

        static final Object COMPLETED = new Object();

        final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        private volatile ClientCallStreamObserver<ModelInferRequest> call;

        @Override
        public void beforeStart(ClientCallStreamObserver<ModelInferRequest> requestStream) {
            this.call = requestStream;
        }

        @Override
        public void onNext(ModelStreamInferResponse value) {
            queue.add(value);
        }

        @Override
        public void onError(Throwable t) {
            queue.add(t);
        }

        @Override
        public void onCompleted() {
            queue.add(COMPLETED);
        }

        void halfClose() {
            call.onCompleted();
        }

        /** The final response came: the stream has nothing more for us, so end it now. */
        void finish() {
            call.cancel("final response received", null);
        }

        void cancel(String why) {
            call.cancel(why, null);
        }
    }

    ModelInferRequest toInferRequest(GenerationRequest request) {
        ModelInferRequest.Builder builder = ModelInferRequest.newBuilder()
                .setModelName(modelName)
                .setId(UUID.randomUUID().toString())
                .addInputs(TextTensors.textInput(TextTensors.TEXT_INPUT, request.prompt()))
                .putParameters(InferenceParameters.MAX_TOKENS, TextTensors.intParam(request.maxTokens()))
                .putParameters(InferenceParameters.TEMPERATURE, TextTensors.doubleParam(request.temperature()));
        request.seed().ifPresent(seed -> builder.putParameters(InferenceParameters.SEED, TextTensors.intParam(seed)));
        request.grammar().ifPresent(g -> builder.putParameters(InferenceParameters.GRAMMAR, TextTensors.stringParam(g)));
        if (!request.stop().isEmpty()) {
            builder.putParameters(InferenceParameters.STOP, TextTensors.stringParam(toJson(request.stop())));
        }
        return builder.build();
    }

    private static String toJson(List<String> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings always serialises", e);
        }
    }

    /**
     * A stream carries a failure as its error_message, which inference-svc writes as
     * "CODE: description" (the gRPC status the unary call would have ended with); a message
     * without a known code prefix counts as UNKNOWN.
     */
    static StatusRuntimeException streamError(String message) {
        int colon = message.indexOf(": ");
        if (colon > 0) {
            try {
                Status.Code code = Status.Code.valueOf(message.substring(0, colon));
                return code.toStatus().withDescription(message.substring(colon + 2)).asRuntimeException();
            } catch (IllegalArgumentException notACode) {
                // falls through: the whole message is the description
            }
        }
        return Status.UNKNOWN.withDescription(message).asRuntimeException();
    }

    static QuireException translate(StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        String detail = e.getStatus().getDescription() == null ? code.name() : e.getStatus().getDescription();
        return switch (code) {
            case UNAVAILABLE -> new QuireException.Unavailable("inference-svc is unavailable: " + detail, e);
            case DEADLINE_EXCEEDED, CANCELLED -> new QuireException.DeadlineExceeded("the model did not answer before the deadline: " + detail);
            // A prompt over the context comes back typed, with its token counts: the caller can shorten it and ask again.
            case INVALID_ARGUMENT, OUT_OF_RANGE -> PromptTooLongException.fromMessage(detail).<QuireException>map(tooLong -> tooLong)
                    .orElseGet(() -> new QuireException.InvalidRequest("the model refused the request: " + detail));
            case NOT_FOUND -> new QuireException.NotFound("inference-svc: " + detail);
            case RESOURCE_EXHAUSTED -> new QuireException.Unavailable("inference-svc is overloaded: " + detail, e);
            default -> new QuireException(dev.quire.proto.events.Failure.Code.INTERNAL, "inference-svc failed: " + code + " " + detail, e);
        };
    }
}
