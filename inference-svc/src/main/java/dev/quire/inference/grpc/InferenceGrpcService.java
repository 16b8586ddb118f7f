package dev.quire.inference.grpc;

import java.util.List;

import dev.quire.common.QuireException;
import dev.quire.common.inference.InferenceParameters;
import dev.quire.common.inference.TextTensors;
import dev.quire.inference.model.EmbeddingJob;
import dev.quire.inference.model.LoadedModel;
import dev.quire.inference.model.ServedModel;
import dev.quire.inference.proto.ModelConfigRequest;
import dev.quire.inference.proto.ModelConfigResponse;
import dev.quire.inference.proto.ModelStatisticsRequest;
import dev.quire.inference.proto.ModelStatisticsResponse;
import dev.quire.inference.proto.RepositoryIndexRequest;
import dev.quire.inference.proto.RepositoryIndexResponse;
import dev.quire.proto.inference.ModelInferRequest;
import dev.quire.proto.inference.ModelInferResponse;
import dev.quire.proto.inference.ModelMetadataRequest;
import dev.quire.proto.inference.ModelMetadataResponse;
import dev.quire.proto.inference.ModelReadyRequest;
import dev.quire.proto.inference.ModelReadyResponse;
import dev.quire.proto.inference.ModelStreamInferResponse;
import dev.quire.proto.inference.MutinyGRPCInferenceServiceGrpc;
import dev.quire.proto.inference.ServerLiveRequest;
import dev.quire.proto.inference.ServerLiveResponse;
import dev.quire.proto.inference.ServerMetadataRequest;
import dev.quire.proto.inference.ServerMetadataResponse;
import dev.quire.proto.inference.ServerReadyRequest;
import dev.quire.proto.inference.ServerReadyResponse;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;
import io.quarkus.grpc.GrpcService;
import io.quarkus.grpc.RegisterInterceptor;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * KServe v2 / Triton gRPC endpoint. Cheap calls answer on the event loop; generation is queued in
 * the model's scheduler and answered from there, so no thread waits for it. Triton's ModelConfig,
 * ModelStatistics and RepositoryIndex are bound into the same service in {@link #bindService()}:
 * the shared proto's service lists only the inference rpcs. {@link CallContextInterceptor} keeps
 * each call's gRPC Context current in the methods, where its deadline and cancellation are read.
 */
@GrpcService
@RegisterInterceptor(CallContextInterceptor.class)
public class InferenceGrpcService extends MutinyGRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {

    static final String SERVER_NAME = "quire";
    /** "parameters" is Triton's name for request/response parameters; the rest are Quire's additions. */
    static final List<String> EXTENSIONS = List.of("parameters", "quire_grammar", "quire_json_schema");

    @Inject
    ServedModel served;

    @Inject
    TextInference inference;

    @Inject
    ModelAdmin admin;

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

    /**
     * Unknown and not-ready models answer ready=false (KServe); a model whose config is malformed or
     * whose load failed answers FAILED_PRECONDITION with the reason, so a client learns why.
     */
    @Override
    public Uni<ModelReadyResponse> modelReady(ModelReadyRequest request) {
        String name = request.getName();
        if (served.hasFailed(name)) {
            return Uni.createFrom().failure(io.grpc.Status.FAILED_PRECONDITION
                    .withDescription("model '" + name + "' is not ready: " + served.notReadyReason(name).orElseThrow()).asRuntimeException());
        }
        return Uni.createFrom().item(ModelReadyResponse.newBuilder().setReady(served.isReady(name)).build());
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
        LoadedModel model;
        try {
            model = served.require(request.getName());
        } catch (QuireException e) {
            return Uni.createFrom().failure(GrpcErrors.toStatus(e));
        }
        ModelMetadataResponse.Builder metadata = ModelMetadataResponse.newBuilder()
                .setName(request.getName())
                .addVersions(ModelAdmin.MODEL_VERSION)
                .setPlatform(model.loaded().platform());
        if (model.embeds()) {
            // -1: the batch dimension, any n up to max_batch_size (Triton's convention).
            metadata.addInputs(ModelMetadataResponse.TensorMetadata.newBuilder().setName(EmbeddingJob.INPUT)
                            .setDatatype(TextTensors.BYTES).addShape(-1))
                    .addOutputs(ModelMetadataResponse.TensorMetadata.newBuilder().setName(EmbeddingJob.OUTPUT)
                            .setDatatype("FP32").addShape(-1).addShape(model.embedder().dimension()));
        } else {
            metadata.addInputs(tensor(TextTensors.TEXT_INPUT)).addOutputs(tensor(TextTensors.TEXT_OUTPUT));
        }
        return Uni.createFrom().item(metadata.build());
    }

    private static ModelMetadataResponse.TensorMetadata tensor(String name) {
        return ModelMetadataResponse.TensorMetadata.newBuilder().setName(name).setDatatype(TextTensors.BYTES).addShape(1).build();
    }

    /**
     * Parsing runs on a worker (a json_schema is converted by native code); waiting costs no thread.
     * The client's deadline bounds the request (queued and running). A cancelled or disconnected
     * call takes its request out of the queue, or stops its generation: Quarkus does not cancel a
     * unary call's Uni when the client goes away, so the call's gRPC Context is watched instead.
     */
    @Override
    public Uni<ModelInferResponse> modelInfer(ModelInferRequest request) {
        GrpcCaller caller = GrpcCaller.current();
        Uni<TextInference.Submission<ModelInferResponse>> submitted = Uni.createFrom().item(() -> inference.infer(request, caller.deadline()));
        if (needsWorker(request)) {
            submitted = submitted.runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        }
        return submitted
                .onItem().transformToUni(submission -> {
                    caller.onCancel(submission.cancel());
                    return Uni.createFrom().completionStage(submission.result()).onCancellation().invoke(submission.cancel());
                })
                .onFailure().transform(GrpcErrors::toStatus);
    }

    /**
     * Whether preparing the request may take long enough to block the calling thread: a json_schema
     * is converted to a grammar by native code and a grammar is checked in full. Everything else
     * (reading tensors, tokenizing a prompt, queueing) takes microseconds, and a hop to a worker
     * would cost more than it: on a small machine a thread woken from idle takes up to a millisecond.
     */
    static boolean needsWorker(ModelInferRequest request) {
        return request.containsParameters(InferenceParameters.JSON_SCHEMA) || request.containsParameters(InferenceParameters.GRAMMAR);
    }

    /** Requests of one stream run one after another, each bounded by the stream call's deadline. */
    @Override
    public Multi<ModelStreamInferResponse> modelStreamInfer(Multi<ModelInferRequest> requests) {
        GrpcCaller caller = GrpcCaller.current();
        return requests.onItem().transformToMultiAndConcatenate(request -> streamOne(request, caller));
    }

    @Override
    public ServerServiceDefinition bindService() {
        ServerServiceDefinition base = super.bindService();
        ServerServiceDefinition.Builder service = ServerServiceDefinition.builder(TritonAdminMethods.SERVICE);
        base.getMethods().forEach(service::addMethod);
        service.addMethod(TritonAdminMethods.MODEL_CONFIG, ServerCalls.asyncUnaryCall(
                (request, observer) -> io.quarkus.grpc.stubs.ServerCalls.oneToOne(request, observer, null, this::modelConfig)));
        service.addMethod(TritonAdminMethods.MODEL_STATISTICS, ServerCalls.asyncUnaryCall(
                (request, observer) -> io.quarkus.grpc.stubs.ServerCalls.oneToOne(request, observer, null, this::modelStatistics)));
        service.addMethod(TritonAdminMethods.REPOSITORY_INDEX, ServerCalls.asyncUnaryCall(
                (request, observer) -> io.quarkus.grpc.stubs.ServerCalls.oneToOne(request, observer, null, this::repositoryIndex)));
        return service.build();
    }

    public Uni<ModelConfigResponse> modelConfig(ModelConfigRequest request) {
        return Uni.createFrom().item(() -> {
            ModelAdmin.requireVersion(request.getName(), request.getVersion());
            return ModelConfigResponse.newBuilder().setConfig(admin.config(request.getName())).build();
        }).onFailure().transform(GrpcErrors::toStatus);
    }

    public Uni<ModelStatisticsResponse> modelStatistics(ModelStatisticsRequest request) {
        return Uni.createFrom().item(() -> {
            ModelAdmin.requireVersion(request.getName(), request.getVersion());
            return admin.statistics(request.getName());
        }).onFailure().transform(GrpcErrors::toStatus);
    }

    public Uni<RepositoryIndexResponse> repositoryIndex(RepositoryIndexRequest request) {
        return Uni.createFrom().item(() -> admin.index(request.getReady())).onFailure().transform(GrpcErrors::toStatus);
    }

    private Multi<ModelStreamInferResponse> streamOne(ModelInferRequest request, GrpcCaller caller) {
        return Multi.createFrom().<ModelStreamInferResponse>emitter(emitter -> {
            TextInference.Submission<Void> submission;
            try {
                submission = inference.stream(request, emitter::emit, caller.deadline());
            } catch (RuntimeException e) {
                // As Triton does: a failed request reports in the stream, which stays open for the next one.
                emitter.emit(InferResponses.streamError(request, GrpcErrors.describe(e)));
                emitter.complete();
                return;
            }
            // The client went away: the request leaves the queue, or its generation stops at the next token.
            // When the call's deadline passed, the scheduler gives the request up itself (DEADLINE_EXCEEDED).
            emitter.onTermination(caller.unlessDeadlinePassed(submission.cancel()));
            submission.result().whenComplete((done, failure) -> {
                if (failure != null) {
                    Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    emitter.emit(InferResponses.streamError(request, GrpcErrors.describe(cause)));
                }
                emitter.complete();
            });
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
