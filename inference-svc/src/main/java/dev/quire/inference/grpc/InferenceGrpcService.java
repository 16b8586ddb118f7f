package dev.quire.inference.grpc;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.quire.common.QuireException;
import dev.quire.common.inference.TextTensors;
import dev.quire.inference.model.ServedModel;
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
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * KServe v2 / Triton gRPC endpoint. Cheap calls answer on the event loop; generation runs on the
 * worker pool so the event loop never blocks.
 */
@GrpcService
public class InferenceGrpcService implements GRPCInferenceService {

    static final String SERVER_NAME = "quire";
    /** "parameters" is Triton's name for request/response parameters; the rest are Quire's additions. */
    static final List<String> EXTENSIONS = List.of("parameters", "quire_grammar", "quire_json_schema");
    static final String PLATFORM = "llama.cpp";

    @Inject
    ServedModel served;

    @Inject
    TextInference inference;

    @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown")
    String version;

    @Override
    public Uni<ServerLiveResponse> serverLive(ServerLiveRequest request) {
        return Uni.createFrom().item(ServerLiveResponse.newBuilder().setLive(true).build());
    }

    @Override
    public Uni<ServerReadyResponse> serverReady(ServerReadyRequest request) {
        return Uni.createFrom().item(ServerReadyResponse.newBuilder().setReady(served.isReady()).build());
    }

    @Override
    public Uni<ModelReadyResponse> modelReady(ModelReadyRequest request) {
        boolean ready = served.serves(request.getName()) && served.isReady();
        return Uni.createFrom().item(ModelReadyResponse.newBuilder().setReady(ready).build());
    }

    @Override
    public Uni<ServerMetadataResponse> serverMetadata(ServerMetadataRequest request) {
        return Uni.createFrom().item(ServerMetadataResponse.newBuilder()
                .setName(SERVER_NAME)
                .setVersion(version)
                .addAllExtensions(EXTENSIONS)
                .build());
    }

    @Override
    public Uni<ModelMetadataResponse> modelMetadata(ModelMetadataRequest request) {
        if (!served.serves(request.getName())) {
            return Uni.createFrom().failure(GrpcErrors.toStatus(new QuireException.NotFound(
                    "model '" + request.getName() + "' is not served here; loaded models: " + served.names())));
        }
        return Uni.createFrom().item(ModelMetadataResponse.newBuilder()
                .setName(request.getName())
                .addVersions(InferResponses.MODEL_VERSION)
                .setPlatform(PLATFORM)
                .addInputs(tensor(TextTensors.TEXT_INPUT))
                .addOutputs(tensor(TextTensors.TEXT_OUTPUT))
                .build());
    }

    private static ModelMetadataResponse.TensorMetadata tensor(String name) {
        return ModelMetadataResponse.TensorMetadata.newBuilder().setName(name).setDatatype(TextTensors.BYTES).addShape(1).build();
    }

    @Override
    public Uni<ModelInferResponse> modelInfer(ModelInferRequest request) {
        return Uni.createFrom().item(() -> inference.infer(request))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure().transform(GrpcErrors::toStatus);
    }

    @Override
    public Multi<ModelStreamInferResponse> modelStreamInfer(Multi<ModelInferRequest> requests) {
        return requests.onItem().transformToMultiAndConcatenate(this::streamOne);
    }

    private Multi<ModelStreamInferResponse> streamOne(ModelInferRequest request) {
        return Multi.createFrom().<ModelStreamInferResponse>emitter(emitter -> {
            AtomicBoolean cancelled = new AtomicBoolean();
            emitter.onTermination(() -> cancelled.set(true));
            try {
                inference.stream(request, emitter::emit, cancelled::get);
            } catch (RuntimeException e) {
                // As Triton does: a failed request reports in the stream, which stays open for the next one.
                emitter.emit(InferResponses.streamError(request, GrpcErrors.describe(e)));
            }
            emitter.complete();
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
