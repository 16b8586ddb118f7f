package dev.quire.inference.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor.Type;
import dev.quire.inference.proto.InferBatchStatistics;
import dev.quire.inference.proto.InferStatistics;
import dev.quire.inference.proto.ModelConfig;
import dev.quire.inference.proto.ModelConfigRequest;
import dev.quire.inference.proto.ModelConfigResponse;
import dev.quire.inference.proto.ModelDynamicBatching;
import dev.quire.inference.proto.ModelInput;
import dev.quire.inference.proto.ModelInstanceGroup;
import dev.quire.inference.proto.ModelOutput;
import dev.quire.inference.proto.ModelQueuePolicy;
import dev.quire.inference.proto.ModelStatistics;
import dev.quire.inference.proto.ModelStatisticsRequest;
import dev.quire.inference.proto.ModelStatisticsResponse;
import dev.quire.inference.proto.RepositoryIndexRequest;
import dev.quire.inference.proto.RepositoryIndexResponse;
import dev.quire.inference.proto.StatisticDuration;
import dev.quire.proto.inference.InferParameter;
import dev.quire.proto.inference.ModelStreamInferResponse;
import org.junit.jupiter.api.Test;

/**
 * The messages of ModelStreamInfer, ModelConfig, ModelStatistics and RepositoryIndex keep the
 * names, field numbers and wire types of Triton's public grpc_service.proto and model_config.proto,
 * so a stub generated from those files reads and writes them. (The core rpcs are proven with a
 * third-party client in {@link StockKServeClientTest}.) Fields Triton has and Quire does not fill
 * (e.g. ModelStatistics.memory_usage) are simply absent: an old reader skips unknown fields.
 */
class TritonWireNumbersTest {

    private record Field(String name, int number, Type type) {
    }

    private static Field f(String name, int number, Type type) {
        return new Field(name, number, type);
    }

    private static void check(Descriptor message, String fullName, Field... fields) {
        assertEquals(fullName, message.getFullName());
        for (Field expected : fields) {
            FieldDescriptor actual = message.findFieldByName(expected.name());
            assertNotNull(actual, fullName + " has no field " + expected.name());
            assertEquals(expected.number(), actual.getNumber(), fullName + "." + expected.name());
            assertEquals(expected.type(), actual.getType(), fullName + "." + expected.name());
        }
    }

    @Test
    void streamingAndParameterMessages() {
        check(ModelStreamInferResponse.getDescriptor(), "inference.ModelStreamInferResponse",
                f("error_message", 1, Type.STRING), f("infer_response", 2, Type.MESSAGE));
        check(InferParameter.getDescriptor(), "inference.InferParameter",
                f("bool_param", 1, Type.BOOL), f("int64_param", 2, Type.INT64), f("string_param", 3, Type.STRING),
                f("double_param", 4, Type.DOUBLE), f("uint64_param", 5, Type.UINT64));
    }

    @Test
    void modelConfigMessages() {
        check(ModelConfigRequest.getDescriptor(), "inference.ModelConfigRequest", f("name", 1, Type.STRING), f("version", 2, Type.STRING));
        check(ModelConfigResponse.getDescriptor(), "inference.ModelConfigResponse", f("config", 1, Type.MESSAGE));
        check(ModelConfig.getDescriptor(), "inference.ModelConfig",
                f("name", 1, Type.STRING), f("platform", 2, Type.STRING), f("backend", 17, Type.STRING), f("max_batch_size", 4, Type.INT32),
                f("input", 5, Type.MESSAGE), f("output", 6, Type.MESSAGE), f("dynamic_batching", 11, Type.MESSAGE),
                f("instance_group", 7, Type.MESSAGE), f("parameters", 14, Type.MESSAGE), f("model_transaction_policy", 19, Type.MESSAGE));
        assertEquals("scheduling_choice", ModelConfig.getDescriptor().findFieldByName("dynamic_batching").getContainingOneof().getName());
        check(ModelInput.getDescriptor(), "inference.ModelInput",
                f("name", 1, Type.STRING), f("data_type", 2, Type.ENUM), f("dims", 4, Type.INT64), f("optional", 8, Type.BOOL));
        check(ModelOutput.getDescriptor(), "inference.ModelOutput", f("name", 1, Type.STRING), f("data_type", 2, Type.ENUM), f("dims", 3, Type.INT64));
        check(ModelInstanceGroup.getDescriptor(), "inference.ModelInstanceGroup",
                f("name", 1, Type.STRING), f("count", 2, Type.INT32), f("kind", 4, Type.ENUM));
        assertEquals(2, ModelInstanceGroup.Kind.KIND_CPU.getNumber());
        check(ModelQueuePolicy.getDescriptor(), "inference.ModelQueuePolicy",
                f("timeout_action", 1, Type.ENUM), f("default_timeout_microseconds", 2, Type.UINT64),
                f("allow_timeout_override", 3, Type.BOOL), f("max_queue_size", 4, Type.UINT32));
        assertEquals(1, ModelQueuePolicy.TimeoutAction.DELAY.getNumber());
        // priority_levels / default_priority_level / the map key are uint64 in Triton's current file (uint32 in
        // older ones): both are varints, so either reader decodes the other.
        check(ModelDynamicBatching.getDescriptor(), "inference.ModelDynamicBatching",
                f("preferred_batch_size", 1, Type.INT32), f("max_queue_delay_microseconds", 2, Type.UINT64), f("preserve_ordering", 3, Type.BOOL),
                f("priority_levels", 4, Type.UINT64), f("default_priority_level", 5, Type.UINT64),
                f("default_queue_policy", 6, Type.MESSAGE), f("priority_queue_policy", 7, Type.MESSAGE));
        assertEquals(11, dev.quire.inference.proto.DataType.TYPE_FP32.getNumber());
        assertEquals(13, dev.quire.inference.proto.DataType.TYPE_STRING.getNumber());
    }

    @Test
    void modelStatisticsMessages() {
        check(ModelStatisticsRequest.getDescriptor(), "inference.ModelStatisticsRequest", f("name", 1, Type.STRING), f("version", 2, Type.STRING));
        check(StatisticDuration.getDescriptor(), "inference.StatisticDuration", f("count", 1, Type.UINT64), f("ns", 2, Type.UINT64));
        List<String> durations = List.of("success", "fail", "queue", "compute_input", "compute_infer", "compute_output");
        for (int i = 0; i < durations.size(); i++) {
            check(InferStatistics.getDescriptor(), "inference.InferStatistics", f(durations.get(i), i + 1, Type.MESSAGE));
        }
        check(InferBatchStatistics.getDescriptor(), "inference.InferBatchStatistics", f("batch_size", 1, Type.UINT64),
                f("compute_input", 2, Type.MESSAGE), f("compute_infer", 3, Type.MESSAGE), f("compute_output", 4, Type.MESSAGE));
        check(ModelStatistics.getDescriptor(), "inference.ModelStatistics",
                f("name", 1, Type.STRING), f("version", 2, Type.STRING), f("last_inference", 3, Type.UINT64), f("inference_count", 4, Type.UINT64),
                f("execution_count", 5, Type.UINT64), f("inference_stats", 6, Type.MESSAGE), f("batch_stats", 7, Type.MESSAGE));
        check(ModelStatisticsResponse.getDescriptor(), "inference.ModelStatisticsResponse", f("model_stats", 1, Type.MESSAGE));
    }

    @Test
    void repositoryIndexMessages() {
        check(RepositoryIndexRequest.getDescriptor(), "inference.RepositoryIndexRequest", f("repository_name", 1, Type.STRING), f("ready", 2, Type.BOOL));
        check(RepositoryIndexResponse.getDescriptor(), "inference.RepositoryIndexResponse", f("models", 1, Type.MESSAGE));
        check(RepositoryIndexResponse.ModelIndex.getDescriptor(), "inference.RepositoryIndexResponse.ModelIndex",
                f("name", 1, Type.STRING), f("version", 2, Type.STRING), f("state", 3, Type.STRING), f("reason", 4, Type.STRING));
    }

    @Test
    void theExtraRpcsUseTritonsMethodNames() {
        assertEquals("inference.GRPCInferenceService/ModelConfig", TritonAdminMethods.MODEL_CONFIG.getFullMethodName());
        assertEquals("inference.GRPCInferenceService/ModelStatistics", TritonAdminMethods.MODEL_STATISTICS.getFullMethodName());
        assertEquals("inference.GRPCInferenceService/RepositoryIndex", TritonAdminMethods.REPOSITORY_INDEX.getFullMethodName());
        assertEquals("inference.GRPCInferenceService/ModelStreamInfer",
                dev.quire.proto.inference.GRPCInferenceServiceGrpc.getModelStreamInferMethod().getFullMethodName());
        assertEquals(io.grpc.MethodDescriptor.MethodType.BIDI_STREAMING,
                dev.quire.proto.inference.GRPCInferenceServiceGrpc.getModelStreamInferMethod().getType());
    }
}
