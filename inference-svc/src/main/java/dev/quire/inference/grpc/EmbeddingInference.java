package dev.quire.inference.grpc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import com.google.protobuf.ByteString;
import dev.quire.common.QuireException;
import dev.quire.common.inference.InferenceParameters;
import dev.quire.common.inference.TextTensors;
import dev.quire.inference.engine.onnx.Embeddings;
import dev.quire.inference.model.EmbeddingJob;
import dev.quire.inference.model.LoadedModel;
import dev.quire.inference.scheduler.ScheduledRequest;
import dev.quire.proto.inference.InferTensorContents;
import dev.quire.proto.inference.ModelInferRequest;
import dev.quire.proto.inference.ModelInferResponse;
import io.grpc.Deadline;

/**
 * KServe embedding requests: BYTES input {@value EmbeddingJob#INPUT} of shape [n] (or Triton's
 * batched [n, 1]) in, FP32 output {@value EmbeddingJob#OUTPUT} of shape [n, dimension] out, each
 * row L2-normalised. The request goes through the model's dynamic batcher, which may run it in one
 * engine call with other clients' requests. Malformed tensors are refused naming the input and
 * what was expected.
 */
final class EmbeddingInference {

    /** @param clientDeadline the gRPC call's deadline, if any: the request is given up when it passes */
    TextInference.Submission<ModelInferResponse> infer(LoadedModel model, ModelInferRequest request, Optional<Deadline> clientDeadline) {
        List<String> texts = texts(model, request);
        for (ModelInferRequest.InferRequestedOutputTensor out : request.getOutputsList()) {
            if (!out.getName().equals(EmbeddingJob.OUTPUT)) {
                throw new QuireException.InvalidRequest("model '" + model.name() + "' has no output '" + out.getName()
                        + "'; its output is '" + EmbeddingJob.OUTPUT + "' (FP32, shape [n, " + model.embedder().dimension() + "])");
            }
        }
        CompletableFuture<Embeddings> result = new CompletableFuture<>();
        ScheduledRequest<EmbeddingJob> handle = model.embeddingScheduler()
                .enqueue(SchedulingParameters.spec(request, texts.size(), clientDeadline), EmbeddingJob.forEngine(model.embedder(), texts, result));
        return new TextInference.Submission<>(result.thenApply(e -> response(model, request, e)),
                () -> model.embeddingScheduler().cancel(handle));
    }

    private static List<String> texts(LoadedModel model, ModelInferRequest request) {
        int max = model.embedder().maxBatchSize();
        String expected = "one BYTES input '" + EmbeddingJob.INPUT + "' of shape [n] or [n, 1] with 1 <= n <= " + max + " (max_batch_size)";
        if (request.getInputsCount() != 1 || !request.getInputs(0).getName().equals(EmbeddingJob.INPUT)) {
            throw new QuireException.InvalidRequest("model '" + model.name() + "' expects " + expected + "; got inputs "
                    + request.getInputsList().stream().map(ModelInferRequest.InferInputTensor::getName).collect(Collectors.toList()));
        }
        ModelInferRequest.InferInputTensor input = request.getInputs(0);
        if (!input.getDatatype().equals(TextTensors.BYTES)) {
            throw new QuireException.InvalidRequest("input '" + EmbeddingJob.INPUT + "' has datatype " + input.getDatatype()
                    + "; expected " + TextTensors.BYTES);
        }
        List<Long> shape = input.getShapeList();
        boolean shapeOk = (shape.size() == 1 || (shape.size() == 2 && shape.get(1) == 1)) && shape.get(0) >= 1;
        if (!shapeOk) {
            throw new QuireException.InvalidRequest("input '" + EmbeddingJob.INPUT + "' has shape " + shape + "; expected [n] or [n, 1] with n >= 1");
        }
        long n = shape.get(0);
        if (n > max) {
            throw new QuireException.InvalidRequest("input '" + EmbeddingJob.INPUT + "' holds " + n + " texts; max_batch_size of model '"
                    + model.name() + "' is " + max + "; split the request into batches of at most " + max);
        }
        List<String> texts;
        if (request.getRawInputContentsCount() > 0) {
            try {
                texts = TextTensors.decodeRaw(request.getRawInputContents(0));
            } catch (IllegalArgumentException e) {
                throw new QuireException.InvalidRequest("raw_input_contents of input '" + EmbeddingJob.INPUT + "': " + e.getMessage()
                        + " (expected Triton's BYTES layout: each string as a 4-byte little-endian length, then its bytes)");
            }
        } else {
            texts = input.getContents().getBytesContentsList().stream().map(ByteString::toStringUtf8).toList();
        }
        if (texts.size() != n) {
            throw new QuireException.InvalidRequest("input '" + EmbeddingJob.INPUT + "' has shape " + shape + " but holds " + texts.size()
                    + " strings; expected " + n);
        }
        return texts;
    }

    private static ModelInferResponse response(LoadedModel model, ModelInferRequest request, Embeddings embeddings) {
        // From the rows: a remote embedder's dimension is known only once it has answered.
        int dimension = embeddings.size() == 0 ? 0 : embeddings.vectors()[0].length;
        ModelInferResponse.InferOutputTensor.Builder tensor = ModelInferResponse.InferOutputTensor.newBuilder()
                .setName(EmbeddingJob.OUTPUT).setDatatype("FP32").addShape(embeddings.size()).addShape(dimension);
        ModelInferResponse.Builder response = ModelInferResponse.newBuilder()
                .setModelName(model.name())
                .setModelVersion(ModelAdmin.MODEL_VERSION)
                .setId(request.getId());
        if (request.getRawInputContentsCount() > 0) {
            // A client that sent raw tensors reads raw ones (little-endian, as Triton writes them).
            ByteBuffer raw = ByteBuffer.allocate(embeddings.size() * dimension * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (float[] row : embeddings.vectors()) {
                for (float v : row) {
                    raw.putFloat(v);
                }
            }
            response.addOutputs(tensor).addRawOutputContents(ByteString.copyFrom(raw.array()));
        } else {
            InferTensorContents.Builder contents = InferTensorContents.newBuilder();
            for (float[] row : embeddings.vectors()) {
                for (float v : row) {
                    contents.addFp32Contents(v);
                }
            }
            response.addOutputs(tensor.setContents(contents));
        }
        embeddings.warning().ifPresent(w -> response.putParameters(InferenceParameters.WARNING, TextTensors.stringParam(w)));
        return response.build();
    }
}
