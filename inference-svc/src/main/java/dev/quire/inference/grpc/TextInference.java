package dev.quire.inference.grpc;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import dev.quire.common.QuireException;
import dev.quire.inference.config.ModelConfig;
import dev.quire.inference.engine.GenerationResult;
import dev.quire.inference.engine.TokenSink;
import dev.quire.inference.model.LoadedModel;
import dev.quire.inference.model.ServedModel;
import dev.quire.proto.inference.ModelInferRequest;
import dev.quire.proto.inference.ModelInferResponse;
import dev.quire.proto.inference.ModelStreamInferResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Answers one KServe text-generation request, whole or as a token stream. Blocking: callers run it
 * on a worker thread, never on the gRPC event loop. (A scheduler will later sit in front of the engine.)
 */
@ApplicationScoped
public class TextInference {

    private final ServedModel served;
    private final GenerationRequestParser parser;

    @Inject
    public TextInference(ServedModel served, ModelConfig config) {
        this.served = served;
        this.parser = new GenerationRequestParser(config.defaultMaxTokens(), config.maxTokensCap());
    }

    public ModelInferResponse infer(ModelInferRequest request) {
        LoadedModel model = model(request);
        GenerationRequestParser.ParsedRequest parsed = parser.parse(request, model.engine());
        GenerationResult result = model.engine().generate(parsed.prompt(), parsed.options(), piece -> { });
        return InferResponses.text(model, request, result.text());
    }

    /**
     * Sends one response per generated piece, then a final one flagged {@code triton_final_response}.
     * Stops generating once {@code cancelled} turns true (the client went away).
     */
    public void stream(ModelInferRequest request, Consumer<ModelStreamInferResponse> responses, BooleanSupplier cancelled) {
        LoadedModel model = model(request);
        GenerationRequestParser.ParsedRequest parsed = parser.parse(request, model.engine());
        GenerationResult result = model.engine().generate(parsed.prompt(), parsed.options(), new TokenSink() {
            @Override
            public void accept(String piece) {
                responses.accept(InferResponses.streamPiece(model, request, piece, false));
            }

            @Override
            public boolean cancelled() {
                return cancelled.getAsBoolean();
            }
        });
        if (!result.cancelled()) {
            responses.accept(InferResponses.streamPiece(model, request, "", true));
        }
    }

    private LoadedModel model(ModelInferRequest request) {
        String version = request.getModelVersion();
        if (!version.isEmpty() && !version.equals(InferResponses.MODEL_VERSION)) {
            throw new QuireException.NotFound("model '" + request.getModelName() + "' has no version '" + version
                    + "'; available versions: [" + InferResponses.MODEL_VERSION + "]");
        }
        return served.require(request.getModelName());
    }
}
