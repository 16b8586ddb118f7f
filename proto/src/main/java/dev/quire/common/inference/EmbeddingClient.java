package dev.quire.common.inference;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;
import dev.quire.common.QuireException;
import dev.quire.proto.inference.GRPCInferenceServiceGrpc;
import dev.quire.proto.inference.InferTensorContents;
import dev.quire.proto.inference.ModelInferRequest;
import dev.quire.proto.inference.ModelInferResponse;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Text embeddings from inference-svc's {@code embedder} model over the same KServe v2 gRPC client
 * as {@link TextGenerationClient}: one BYTES input {@code text} of shape [n], one FP32 output
 * {@code embedding} of shape [n, d], typed or raw (little-endian). Texts are sent in batches of at
 * most {@link #MAX_BATCH}, the model's limit per request.
 */
@ApplicationScoped
public class EmbeddingClient {

    public static final int MAX_BATCH = 32;

    @Inject
    @GrpcClient("inference")
    GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub inference;

    @ConfigProperty(name = "quire.inference.embedding-model", defaultValue = "embedder")
    String modelName;

    /** One vector per text, in the order of the texts. */
    public List<float[]> embed(List<String> texts, Instant deadline) {
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (int start = 0; start < texts.size(); start += MAX_BATCH) {
            vectors.addAll(embedBatch(texts.subList(start, Math.min(texts.size(), start + MAX_BATCH)), deadline));
        }
        return vectors;
    }

    private List<float[]> embedBatch(List<String> texts, Instant deadline) {
        long millisLeft = Duration.between(Instant.now(), deadline).toMillis();
        if (millisLeft <= 0) {
            throw new QuireException.DeadlineExceeded("the deadline passed before the embedder was called");
        }
        InferTensorContents.Builder contents = InferTensorContents.newBuilder();
        texts.forEach(t -> contents.addBytesContents(ByteString.copyFromUtf8(t)));
        ModelInferRequest request = ModelInferRequest.newBuilder()
                .setModelName(modelName)
                .setId(UUID.randomUUID().toString())
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder()
                        .setName(EmbeddingTensors.INPUT).setDatatype(TextTensors.BYTES).addShape(texts.size()).setContents(contents))
                .build();
        ModelInferResponse response;
        try {
            response = inference.withDeadlineAfter(millisLeft, TimeUnit.MILLISECONDS).modelInfer(request);
        } catch (StatusRuntimeException e) {
            throw TextGenerationClient.translate(e);
        }
        return vectors(response, texts.size());
    }

    /** Reads the [n, d] output from typed FP32 contents or from the matching raw output. */
    static List<float[]> vectors(ModelInferResponse response, int expected) {
        return EmbeddingTensors.vectors(response, expected, "the embedder");
    }
}
