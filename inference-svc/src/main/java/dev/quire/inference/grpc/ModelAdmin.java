package dev.quire.inference.grpc;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import dev.quire.common.QuireException;
import dev.quire.common.inference.TextTensors;
import dev.quire.inference.model.EmbeddingJob;
import dev.quire.inference.model.LoadedModel;
import dev.quire.inference.model.ServedModel;
import dev.quire.inference.proto.DataType;
import dev.quire.inference.proto.InferBatchStatistics;
import dev.quire.inference.proto.InferStatistics;
import dev.quire.inference.proto.ModelConfig;
import dev.quire.inference.proto.ModelDynamicBatching;
import dev.quire.inference.proto.ModelInput;
import dev.quire.inference.proto.ModelInstanceGroup;
import dev.quire.inference.proto.ModelOutput;
import dev.quire.inference.proto.ModelParameter;
import dev.quire.inference.proto.ModelQueuePolicy;
import dev.quire.inference.proto.ModelStatistics;
import dev.quire.inference.proto.ModelStatisticsResponse;
import dev.quire.inference.proto.ModelTransactionPolicy;
import dev.quire.inference.proto.RepositoryIndexResponse;
import dev.quire.inference.proto.StatisticDuration;
import dev.quire.inference.repository.QueuePolicy;
import dev.quire.inference.repository.SchedulingConfig;
import dev.quire.inference.repository.TimeoutAction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Builds Triton's ModelConfig, ModelStatistics and RepositoryIndex answers (used by gRPC, and by the
 * HTTP endpoints through protobuf's JSON mapping). On the wire Triton writes "none" as 0; Quire's
 * own configuration never does.
 */
@ApplicationScoped
public class ModelAdmin {

    /** Every model is served in one version, as Triton names a model repository's version folder "1". */
    public static final String MODEL_VERSION = "1";

    @Inject
    ServedModel served;

    public ModelConfig config(String name) {
        LoadedModel model = served.require(name);
        ModelConfig.Builder config = ModelConfig.newBuilder()
                .setName(model.name())
                .setPlatform(model.loaded().platform())
                .setBackend(model.definition().engine().configName())
                .setDynamicBatching(batching(model.definition().scheduling()))
                .addInstanceGroup(ModelInstanceGroup.newBuilder().setName(model.name()).setCount(model.loaded().slots())
                        .setKind(ModelInstanceGroup.Kind.KIND_CPU))
                .putParameters("context_size", param(String.valueOf(model.contextSize())))
                .putParameters("source", param(model.definition().source()));
        if (model.embeds()) {
            // Triton's batched form: dims exclude the batch dimension.
            config.setMaxBatchSize(model.embedder().maxBatchSize())
                    .addInput(ModelInput.newBuilder().setName(EmbeddingJob.INPUT).setDataType(DataType.TYPE_STRING).addDims(1))
                    .addOutput(ModelOutput.newBuilder().setName(EmbeddingJob.OUTPUT).setDataType(DataType.TYPE_FP32).addDims(model.embedder().dimension()));
        } else {
            config.setMaxBatchSize(model.definition().maxBatchSize().orElse(0))
                    .addInput(ModelInput.newBuilder().setName(TextTensors.TEXT_INPUT).setDataType(DataType.TYPE_STRING).addDims(1))
                    .addOutput(ModelOutput.newBuilder().setName(TextTensors.TEXT_OUTPUT).setDataType(DataType.TYPE_STRING).addDims(1))
                    // Generation streams several responses per request (Triton calls that decoupled).
                    .setModelTransactionPolicy(ModelTransactionPolicy.newBuilder().setDecoupled(true));
        }
        model.definition().scheduling().agingInterval()
                .ifPresent(a -> config.putParameters("priority_aging_microseconds", param(String.valueOf(a.toNanos() / 1000))));
        return config.build();
    }

    private static ModelParameter param(String value) {
        return ModelParameter.newBuilder().setStringValue(value).build();
    }

    private static ModelDynamicBatching batching(SchedulingConfig s) {
        ModelDynamicBatching.Builder b = ModelDynamicBatching.newBuilder()
                .addAllPreferredBatchSize(s.preferredBatchSizes())
                .setMaxQueueDelayMicroseconds(micros(s.maxQueueDelay()))
                .setPreserveOrdering(s.preserveOrdering())
                .setPriorityLevels(s.priorityLevels())
                .setDefaultPriorityLevel(s.defaultPriorityLevel())
                .setDefaultQueuePolicy(policy(s.defaultQueuePolicy()));
        for (Map.Entry<Integer, QueuePolicy> e : s.priorityQueuePolicy().entrySet()) {
            b.putPriorityQueuePolicy(e.getKey(), policy(e.getValue()));
        }
        return b.build();
    }

    private static ModelQueuePolicy policy(QueuePolicy p) {
        return ModelQueuePolicy.newBuilder()
                .setTimeoutAction(p.timeoutAction() == TimeoutAction.DELAY ? ModelQueuePolicy.TimeoutAction.DELAY : ModelQueuePolicy.TimeoutAction.REJECT)
                .setDefaultTimeoutMicroseconds(micros(p.defaultTimeout()))
                .setAllowTimeoutOverride(p.allowTimeoutOverride())
                .setMaxQueueSize(p.maxQueueSize().orElse(0))
                .build();
    }

    private static long micros(Optional<Duration> d) {
        return d.map(x -> x.toNanos() / 1000).orElse(0L);
    }

    /** Statistics of one model, or of every ready model when {@code name} is empty. */
    public ModelStatisticsResponse statistics(String name) {
        ModelStatisticsResponse.Builder response = ModelStatisticsResponse.newBuilder();
        if (name.isEmpty()) {
            served.ready().forEach(m -> response.addModelStats(statistics(m)));
        } else {
            response.addModelStats(statistics(served.require(name)));
        }
        return response.build();
    }

    private static ModelStatistics statistics(LoadedModel model) {
        dev.quire.inference.metrics.ModelStatistics s = model.stats();
        ModelStatistics.Builder out = ModelStatistics.newBuilder()
                .setName(model.name())
                .setVersion(ModelAdmin.MODEL_VERSION)
                .setLastInference(s.lastInferenceMillis.get())
                .setInferenceCount(s.inferenceCount.sum())
                .setExecutionCount(s.executionCount.sum())
                .setInferenceStats(InferStatistics.newBuilder()
                        .setSuccess(duration(s.success))
                        .setFail(duration(s.fail))
                        .setQueue(duration(s.queue))
                        .setComputeInput(StatisticDuration.getDefaultInstance())
                        .setComputeInfer(duration(s.computeInfer))
                        .setComputeOutput(StatisticDuration.getDefaultInstance()));
        s.batchStatistics().forEach((size, d) -> out.addBatchStats(InferBatchStatistics.newBuilder()
                .setBatchSize(size)
                .setComputeInput(StatisticDuration.newBuilder().setCount(d.count()))
                .setComputeInfer(duration(d))
                .setComputeOutput(StatisticDuration.newBuilder().setCount(d.count()))));
        return out.build();
    }

    private static StatisticDuration duration(dev.quire.inference.metrics.ModelStatistics.Duration d) {
        return StatisticDuration.newBuilder().setCount(d.count()).setNs(d.nanos()).build();
    }

    public RepositoryIndexResponse index(boolean readyOnly) {
        RepositoryIndexResponse.Builder response = RepositoryIndexResponse.newBuilder();
        for (ServedModel.IndexEntry e : served.index()) {
            if (readyOnly && !e.state().equals("READY")) {
                continue;
            }
            response.addModels(RepositoryIndexResponse.ModelIndex.newBuilder()
                    .setName(e.name()).setVersion(ModelAdmin.MODEL_VERSION).setState(e.state()).setReason(e.reason()));
        }
        return response.build();
    }

    /** Every model has one version, {@value #MODEL_VERSION}; an empty version means that one. */
    public static void requireVersion(String model, String version) {
        if (!version.isEmpty() && !version.equals(ModelAdmin.MODEL_VERSION)) {
            throw new QuireException.NotFound("model '" + model + "' has no version '" + version + "'; available versions: ["
                    + ModelAdmin.MODEL_VERSION + "]");
        }
    }
}
