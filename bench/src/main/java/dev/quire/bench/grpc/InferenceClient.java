package dev.quire.bench.grpc;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import dev.quire.bench.load.CallOutcome;
import dev.quire.bench.load.StreamTimer;
import dev.quire.common.inference.EmbeddingTensors;
import dev.quire.common.inference.InferenceParameters;
import dev.quire.common.inference.TextTensors;
import dev.quire.inference.model.EmbeddingJob;
import dev.quire.proto.inference.GRPCInferenceServiceGrpc;
import dev.quire.proto.inference.InferParameter;
import dev.quire.proto.inference.ModelInferRequest;
import dev.quire.proto.inference.ModelInferResponse;
import dev.quire.proto.inference.ModelStreamInferResponse;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;

/**
 * A KServe v2 gRPC client of inference-svc, as a Triton user would write one with the stubs of
 * quire-proto: embeddings by ModelInfer, generation streamed by ModelStreamInfer. Every call is
 * bounded by {@link #CALL_DEADLINE_SECONDS}, so a hung server fails the point instead of the run.
 */
public final class InferenceClient implements AutoCloseable {

    public static final long CALL_DEADLINE_SECONDS = 120;
    private final ManagedChannel channel;
    private final GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub blocking;
    private final GRPCInferenceServiceGrpc.GRPCInferenceServiceStub async;

    public InferenceClient(String host, int port) {
        // Callbacks run on the transport's thread (they only record times and start the next call):
        // handing each answer to another thread would cost the shared cores a wake-up per call.
        channel = ManagedChannelBuilder.forAddress(host, port).usePlaintext().directExecutor().build();
        blocking = GRPCInferenceServiceGrpc.newBlockingStub(channel);
        async = GRPCInferenceServiceGrpc.newStub(channel);
    }

    /** The channel under both stubs, for methods they do not have (Triton's ModelStatistics). */
    public Channel channel() {
        return channel;
    }

    /** The blocking stub, for calls made one at a time. */
    public GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub blocking() {
        return blocking;
    }

    /** The asynchronous stub, for callers that fire many calls at once. */
    public GRPCInferenceServiceGrpc.GRPCInferenceServiceStub async() {
        return async;
    }

    /** One text in, one vector out; fails unless the answer is one row of {@code dimension} floats. */
    public CallOutcome embed(String model, String text, int dimension) {
        ModelInferResponse response = blocking.withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS).modelInfer(embedRequest(model, text));
        return checkEmbedding(response, dimension);
    }

    /** {@link #embed} without blocking: the stage completes on the transport's thread. */
    public CompletableFuture<CallOutcome> embedAsync(String model, String text, int dimension) {
        return modelInferAsync(embedRequest(model, text), response -> checkEmbedding(response, dimension));
    }

    /**
     * {@code texts} as one raw BYTES tensor of shape [n], as inference-svc's remote embedder sends a batch;
     * fails unless the answer holds one row per text.
     */
    public CompletableFuture<CallOutcome> embedBatchAsync(String model, List<String> texts) {
        ModelInferRequest request = ModelInferRequest.newBuilder().setModelName(model)
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName(EmbeddingTensors.INPUT).setDatatype(TextTensors.BYTES)
                        .addShape(texts.size()))
                .addRawInputContents(TextTensors.encodeRaw(texts)).build();
        return modelInferAsync(request, response -> CallOutcome.items(EmbeddingTensors.vectors(response, texts.size(), "model '" + model + "'").size()));
    }

    /**
     * One ModelInfer call without a waiting thread (perf_analyzer's asynchronous mode): the stage
     * completes on the transport's thread with {@code check}'s verdict on the answer.
     */
    private CompletableFuture<CallOutcome> modelInferAsync(ModelInferRequest request, Function<ModelInferResponse, CallOutcome> check) {
        CompletableFuture<CallOutcome> answer = new CompletableFuture<>();
        async.withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS).modelInfer(request, new StreamObserver<>() {
            private ModelInferResponse response;

            @Override
            public void onNext(ModelInferResponse value) {
                response = value;
            }

            @Override
            public void onError(Throwable failure) {
                answer.completeExceptionally(failure);
            }

            @Override
            public void onCompleted() {
                try {
                    answer.complete(check.apply(response));
                } catch (RuntimeException e) {
                    answer.completeExceptionally(e);
                }
            }
        });
        return answer;
    }

    private static ModelInferRequest embedRequest(String model, String text) {
        return ModelInferRequest.newBuilder().setModelName(model).addInputs(TextTensors.textInput(EmbeddingJob.INPUT, text)).build();
    }

    private static CallOutcome checkEmbedding(ModelInferResponse response, int dimension) {
        if (response == null || response.getOutputsCount() == 0) {
            throw new IllegalStateException("expected output '" + EmbeddingJob.OUTPUT + "', got an answer without outputs");
        }
        ModelInferResponse.InferOutputTensor output = response.getOutputs(0);
        int floats = output.getContents().getFp32ContentsCount();
        if (!output.getName().equals(EmbeddingJob.OUTPUT) || floats != dimension) {
            throw new IllegalStateException("expected output '" + EmbeddingJob.OUTPUT + "' with " + dimension + " floats, got '"
                    + output.getName() + "' with " + floats);
        }
        return CallOutcome.items(1);
    }

    /** A generation request with Quire's parameters: greedy, exactly {@code maxTokens} tokens (ignore_eos). */
    public static ModelInferRequest generationRequest(String model, String prompt, int maxTokens) {
        return ModelInferRequest.newBuilder()
                .setModelName(model)
                .addInputs(TextTensors.textInput(TextTensors.TEXT_INPUT, prompt))
                .putParameters(InferenceParameters.MAX_TOKENS, TextTensors.intParam(maxTokens))
                .putParameters(InferenceParameters.TEMPERATURE, TextTensors.doubleParam(0))
                .putParameters(InferenceParameters.IGNORE_EOS, InferParameter.newBuilder().setBoolParam(true).build())
                .build();
    }

    /** One generation answered whole by ModelInfer (no streaming), without a waiting thread; fails on an empty answer. */
    public CompletableFuture<CallOutcome> generateWholeAsync(String model, String prompt, int maxTokens) {
        return modelInferAsync(generationRequest(model, prompt, maxTokens), response -> {
            if (response == null || TextTensors.readOutput(response, TextTensors.TEXT_OUTPUT).orElse("").isEmpty()) {
                throw new IllegalStateException("model '" + model + "' answered no text");
            }
            return new CallOutcome(1, maxTokens, -1, new long[0]);
        });
    }

    /**
     * Streams one generation (ModelStreamInfer, one stream per request as Triton's clients do for
     * decoupled models) and times its pieces as they arrive.
     */
    public CallOutcome generate(String model, String prompt, int maxTokens) throws InterruptedException {
        StreamTimer timer = new StreamTimer(System.nanoTime());
        CompletableFuture<Void> done = new CompletableFuture<>();
        StreamObserver<ModelInferRequest> requests = async.withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS)
                .modelStreamInfer(new StreamObserver<>() {
                    @Override
                    public void onNext(ModelStreamInferResponse response) {
                        if (!response.getErrorMessage().isEmpty()) {
                            done.completeExceptionally(new IllegalStateException("the server failed the request: " + response.getErrorMessage()));
                            return;
                        }
                        ModelInferResponse answer = response.getInferResponse();
                        String piece = TextTensors.readOutput(answer, TextTensors.TEXT_OUTPUT).orElse("");
                        if (!piece.isEmpty()) {
                            timer.piece(System.nanoTime());
                        }
                        if (answer.getParametersOrDefault(InferenceParameters.FINAL_RESPONSE, InferParameter.getDefaultInstance()).getBoolParam()) {
                            done.complete(null);
                        }
                    }

                    @Override
                    public void onError(Throwable failure) {
                        done.completeExceptionally(failure);
                    }

                    @Override
                    public void onCompleted() {
                        // Normally after the final response; without one the request did not finish.
                        done.completeExceptionally(new IllegalStateException("the stream ended without a final response"));
                    }
                });
        requests.onNext(generationRequest(model, prompt, maxTokens));
        requests.onCompleted();
        try {
            done.get(CALL_DEADLINE_SECONDS + 5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("generation on '" + model + "' failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("generation on '" + model + "' did not finish within its deadline", e);
        }
        return timer.outcome(maxTokens);
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow();
        channel.awaitTermination(10, TimeUnit.SECONDS);
    }
}
