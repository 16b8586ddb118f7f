package dev.quire.inference.engine.remote;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.quire.common.QuireException;
import dev.quire.common.inference.EmbeddingTensors;
import dev.quire.common.inference.TextTensors;
import dev.quire.inference.engine.onnx.EmbeddingEngine;
import dev.quire.inference.engine.onnx.Embeddings;
import dev.quire.proto.events.Failure;
import dev.quire.proto.inference.GRPCInferenceServiceGrpc;
import dev.quire.proto.inference.ModelInferRequest;
import dev.quire.proto.inference.ModelInferResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;

/**
 * Sentence embeddings on a remote KServe v2 server (a GPU Triton, or another Quire) speaking the
 * contract of Quire's own embedder: BYTES {@code text} of shape [n] in, FP32 {@code embedding} of
 * shape [n, dimension] out. Each batch the dynamic batcher forms travels as one ModelInfer, so the
 * remote model sees the batch, not n calls.
 * <p>
 * The dimension is learnt from the first answer (until then it reads -1, "variable", as Triton
 * writes an unknown dimension); an answer of another dimension, or rows that are not one per text,
 * is an INTERNAL error naming the server. Rows are L2-normalised here, so the contract holds even
 * for a remote model that returns plain pooled vectors.
 */
public final class RemoteTritonEmbedder implements EmbeddingEngine {

    static final int UNKNOWN_DIMENSION = -1;

    private final ManagedChannel channel;
    private final GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub;
    private final String target;
    private final String remoteModel;
    private final int maxBatchSize;
    private final int maxTokens;
    private final Duration timeout;
    private final AtomicInteger dimension = new AtomicInteger(UNKNOWN_DIMENSION);

    RemoteTritonEmbedder(ManagedChannel channel, String target, String remoteModel, int maxBatchSize, int maxTokens, Duration timeout) {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("max batch size must be at least 1, got " + maxBatchSize);
        }
        this.channel = channel;
        this.stub = GRPCInferenceServiceGrpc.newBlockingStub(channel);
        this.target = target;
        this.remoteModel = remoteModel;
        this.maxBatchSize = maxBatchSize;
        this.maxTokens = maxTokens;
        this.timeout = timeout;
    }

    /**
     * Opens a plaintext channel to {@code target} ({@code host:port}); connecting happens on the first call.
     *
     * @param maxTokens the remote model's token limit, for messages only: the remote truncates
     * @param timeout   the longest one call may take
     */
    public static RemoteTritonEmbedder connect(String target, String remoteModel, int maxBatchSize, int maxTokens, Duration timeout) {
        return new RemoteTritonEmbedder(ManagedChannelBuilder.forTarget(target).usePlaintext().build(), target, remoteModel,
                maxBatchSize, maxTokens, timeout);
    }

    @Override
    public Embeddings embed(List<String> texts) {
        return embed(texts, Optional.empty());
    }

    /** The remote call's deadline is the earlier of {@code deadline} and the configured timeout. */
    @Override
    public Embeddings embed(List<String> texts, Optional<Instant> deadline) {
        EmbeddingEngine.checkBatch(texts, maxBatchSize);
        ModelInferRequest request = ModelInferRequest.newBuilder()
                .setModelName(remoteModel)
                .setId(UUID.randomUUID().toString())
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName(EmbeddingTensors.INPUT).setDatatype(TextTensors.BYTES).addShape(texts.size()))
                .addRawInputContents(TextTensors.encodeRaw(texts))
                .build();
        long millisLeft = deadline.map(d -> Math.min(timeout.toMillis(), Duration.between(Instant.now(), d).toMillis())).orElse(timeout.toMillis());
        if (millisLeft <= 0) {
            throw new QuireException.DeadlineExceeded("the deadline passed before " + where() + " was called");
        }
        ModelInferResponse response;
        try {
            response = stub.withDeadlineAfter(millisLeft, TimeUnit.MILLISECONDS).modelInfer(request);
        } catch (RuntimeException e) {
            throw RemoteStatusErrors.translate(e, target, remoteModel);
        }
        return new Embeddings(vectors(response, texts.size()), List.of(), maxTokens);
    }

    /** The answer's rows, one per text, normalised; any other shape or type is the server's fault. */
    private float[][] vectors(ModelInferResponse response, int n) {
        List<float[]> rows = EmbeddingTensors.vectors(response, n, where());
        int dim = rows.get(0).length;
        if (!dimension.compareAndSet(UNKNOWN_DIMENSION, dim) && dimension.get() != dim) {
            throw fault("sent vectors of " + dim + " floats; its earlier answers had " + dimension.get());
        }
        float[][] normalised = rows.toArray(new float[0][]);
        for (float[] row : normalised) {
            Embeddings.normalise(row);
        }
        return normalised;
    }

    private String where() {
        return "remote Triton at " + target + " (model '" + remoteModel + "')";
    }

    private QuireException fault(String what) {
        return new QuireException(Failure.Code.INTERNAL, where() + " " + what);
    }

    /** The vectors' length, learnt from the first answer; -1 until then. */
    @Override
    public int dimension() {
        return dimension.get();
    }

    @Override
    public int maxBatchSize() {
        return maxBatchSize;
    }

    @Override
    public int maxTokens() {
        return maxTokens;
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
