package dev.quire.gitcommit.messaging;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.quire.common.inference.InferenceParameters;
import dev.quire.common.inference.PromptTooLongException;
import dev.quire.common.inference.TextTensors;
import dev.quire.proto.inference.GRPCInferenceService;
import dev.quire.proto.inference.ModelInferRequest;
import dev.quire.proto.inference.ModelInferResponse;
import dev.quire.proto.inference.ModelMetadataRequest;
import dev.quire.proto.inference.ModelMetadataResponse;
import dev.quire.proto.inference.ModelReadyRequest;
import dev.quire.proto.inference.ModelReadyResponse;
import dev.quire.proto.inference.ModelStreamInferResponse;
import dev.quire.proto.inference.ServerLiveRequest;
import dev.quire.proto.inference.ServerLiveResponse;
import dev.quire.proto.inference.ServerMetadataRequest;
import dev.quire.proto.inference.ServerMetadataResponse;
import dev.quire.proto.inference.ServerReadyRequest;
import dev.quire.proto.inference.ServerReadyResponse;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Test stand-in for inference-svc speaking the real KServe v2 protocol: every ModelInfer returns
 * {@link #ANSWER} as {@code text_output} with a {@code quire_warning} parameter, and remembers the request.
 */
@GrpcService
public class FixedTextInferenceService implements GRPCInferenceService {

    /** Decorated and too long for a 50-character title on purpose. */
    public static final String ANSWER = "```\nTitle: \"Add a greeting helper so that every screen greets the user by name\"\n\n"
            + "The greeting text was duplicated in three places.\n```\n";
    public static final String WARNING = "answer produced by a random test model";

    /** What every per-file summary call answers. */
    public static final String SUMMARY = "Adds a greeting helper";

    /** The last request for a whole message (summary calls are kept in {@link #REQUESTS} only). */
    public static final AtomicReference<ModelInferRequest> LAST_REQUEST = new AtomicReference<>();
    public static final List<ModelInferRequest> REQUESTS = new CopyOnWriteArrayList<>();
    /** The answer to message prompts; tests may swap it and must put {@link #ANSWER} back. */
    public static final AtomicReference<String> MESSAGE_ANSWER = new AtomicReference<>(ANSWER);

    /** How long summary answers take; above zero, calls made together overlap and {@link #MAX_IN_FLIGHT} shows it. */
    public static final AtomicLong SUMMARY_DELAY_MS = new AtomicLong();
    public static final AtomicInteger MAX_IN_FLIGHT = new AtomicInteger();
    /** Prompts refused for {@link #CONTEXT_TOKENS} (not in {@link #REQUESTS}). */
    public static final AtomicInteger REFUSED = new AtomicInteger();
    private static final AtomicInteger IN_FLIGHT = new AtomicInteger();

    public static boolean isSummaryPrompt(ModelInferRequest request) {
        return TextTensors.readInput(request, TextTensors.TEXT_INPUT).orElseThrow().get(0)
                .contains("Summarise the change to one file");
    }

    /**
     * Above zero, a context of that many tokens, counted as the random test model does (one token
     * per UTF-8 byte): a longer prompt is refused as inference-svc refuses it (INVALID_ARGUMENT with
     * the token counts). Tests that set it must put 0 back.
     */
    public static final AtomicInteger CONTEXT_TOKENS = new AtomicInteger();

    @Override
    public Uni<ModelInferResponse> modelInfer(ModelInferRequest request) {
        int tokens = TextTensors.readInput(request, TextTensors.TEXT_INPUT).orElseThrow().get(0)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (CONTEXT_TOKENS.get() > 0 && tokens >= CONTEXT_TOKENS.get()) {
            REFUSED.incrementAndGet();
            return Uni.createFrom().failure(io.grpc.Status.INVALID_ARGUMENT
                    .withDescription(new PromptTooLongException(tokens, CONTEXT_TOKENS.get()).getMessage()).asRuntimeException());
        }
        REQUESTS.add(request);
        boolean summary = isSummaryPrompt(request);
        if (!summary) {
            LAST_REQUEST.set(request);
        }
        MAX_IN_FLIGHT.accumulateAndGet(IN_FLIGHT.incrementAndGet(), Math::max);
        Uni<ModelInferResponse> answer = Uni.createFrom().item(ModelInferResponse.newBuilder()
                .setModelName(request.getModelName())
                .setId(request.getId())
                .addOutputs(TextTensors.textOutput(TextTensors.TEXT_OUTPUT, summary ? SUMMARY : MESSAGE_ANSWER.get()))
                .putParameters(InferenceParameters.WARNING, TextTensors.stringParam(WARNING))
                .build());
        long delay = summary ? SUMMARY_DELAY_MS.get() : 0;
        if (delay > 0) {
            answer = answer.onItem().delayIt().by(java.time.Duration.ofMillis(delay));
        }
        return answer.onTermination().invoke(IN_FLIGHT::decrementAndGet);
    }

    @Override
    public Uni<ServerLiveResponse> serverLive(ServerLiveRequest request) {
        return Uni.createFrom().item(ServerLiveResponse.newBuilder().setLive(true).build());
    }

    @Override
    public Uni<ServerReadyResponse> serverReady(ServerReadyRequest request) {
        return Uni.createFrom().item(ServerReadyResponse.newBuilder().setReady(true).build());
    }

    @Override
    public Uni<ModelReadyResponse> modelReady(ModelReadyRequest request) {
        return Uni.createFrom().item(ModelReadyResponse.newBuilder().setReady(true).build());
    }

    @Override
    public Uni<ServerMetadataResponse> serverMetadata(ServerMetadataRequest request) {
        return Uni.createFrom().item(ServerMetadataResponse.newBuilder().setName("fixed-text-test").build());
    }

    @Override
    public Uni<ModelMetadataResponse> modelMetadata(ModelMetadataRequest request) {
        return Uni.createFrom().item(ModelMetadataResponse.newBuilder().setName(request.getName()).build());
    }

    @Override
    public Multi<ModelStreamInferResponse> modelStreamInfer(Multi<ModelInferRequest> requests) {
        return requests.onItem().transformToUniAndConcatenate(this::modelInfer)
                .map(response -> ModelStreamInferResponse.newBuilder().setInferResponse(response).build());
    }
}
