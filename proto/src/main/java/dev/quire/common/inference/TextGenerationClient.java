package dev.quire.common.inference;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.common.QuireException;
import dev.quire.proto.inference.GRPCInferenceServiceGrpc;
import dev.quire.proto.inference.ModelInferRequest;
import dev.quire.proto.inference.ModelInferResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The domain services' only door to a model: one KServe v2 ModelInfer call on the {@code llm}
 * model of inference-svc, with the request's deadline as the gRPC deadline. gRPC failures become
 * typed {@link QuireException}s so the reply says what went wrong.
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

    private static QuireException translate(StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        String detail = e.getStatus().getDescription() == null ? code.name() : e.getStatus().getDescription();
        return switch (code) {
            case UNAVAILABLE -> new QuireException.Unavailable("inference-svc is unavailable: " + detail, e);
            case DEADLINE_EXCEEDED, CANCELLED -> new QuireException.DeadlineExceeded("the model did not answer before the deadline: " + detail);
            case INVALID_ARGUMENT, OUT_OF_RANGE -> new QuireException.InvalidRequest("the model refused the request: " + detail);
            case NOT_FOUND -> new QuireException.NotFound("inference-svc: " + detail);
            case RESOURCE_EXHAUSTED -> new QuireException.Unavailable("inference-svc is overloaded: " + detail, e);
            default -> new QuireException(dev.quire.proto.events.Failure.Code.INTERNAL, "inference-svc failed: " + code + " " + detail, e);
        };
    }
}
