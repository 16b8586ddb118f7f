package dev.quire.inference.grpc;

import dev.quire.inference.proto.ModelConfigRequest;
import dev.quire.inference.proto.ModelConfigResponse;
import dev.quire.inference.proto.ModelStatisticsRequest;
import dev.quire.inference.proto.ModelStatisticsResponse;
import dev.quire.inference.proto.RepositoryIndexRequest;
import dev.quire.inference.proto.RepositoryIndexResponse;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;

/**
 * Method descriptors of Triton's ModelConfig, ModelStatistics and RepositoryIndex rpcs: same full
 * names (inference.GRPCInferenceService/...) and message encoding as stock Triton stubs use.
 */
public final class TritonAdminMethods {

    public static final String SERVICE = "inference.GRPCInferenceService";

    public static final MethodDescriptor<ModelConfigRequest, ModelConfigResponse> MODEL_CONFIG = unary("ModelConfig",
            ModelConfigRequest.getDefaultInstance(), ModelConfigResponse.getDefaultInstance());

    public static final MethodDescriptor<ModelStatisticsRequest, ModelStatisticsResponse> MODEL_STATISTICS = unary("ModelStatistics",
            ModelStatisticsRequest.getDefaultInstance(), ModelStatisticsResponse.getDefaultInstance());

    public static final MethodDescriptor<RepositoryIndexRequest, RepositoryIndexResponse> REPOSITORY_INDEX = unary("RepositoryIndex",
            RepositoryIndexRequest.getDefaultInstance(), RepositoryIndexResponse.getDefaultInstance());

    private TritonAdminMethods() {
    }

    private static <Q extends com.google.protobuf.Message, R extends com.google.protobuf.Message> MethodDescriptor<Q, R> unary(
            String name, Q request, R response) {
        return MethodDescriptor.<Q, R>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
                .setRequestMarshaller(ProtoUtils.marshaller(request))
                .setResponseMarshaller(ProtoUtils.marshaller(response))
                .build();
    }
}
