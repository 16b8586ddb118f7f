package dev.quire.inference.engine.remote;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.quire.common.inference.TextTensors;
import dev.quire.proto.inference.GRPCInferenceServiceGrpc;
import dev.quire.proto.inference.InferParameter;
import dev.quire.proto.inference.InferTensorContents;
import dev.quire.proto.inference.ModelInferRequest;
import dev.quire.proto.inference.ModelInferResponse;
import dev.quire.proto.inference.ModelStreamInferResponse;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * A KServe v2 GRPCInferenceService on a real TCP port that answers like Triton's LLM backends,
 * with switches for the failure modes the remote engine must survive.
 */
final class FakeTritonServer implements AutoCloseable {

    enum Behaviour {
        /** text_output = "echo:" + text_input (streams "echo:", prompt, then an empty final response). */
        ECHO,
        /** text_output in Triton's raw_output_contents form. */
        RAW_OUTPUT,
        /** Never answers; records when the call is cancelled. */
        HANG,
        /** Streams one piece, then never answers. */
        ONE_PIECE_THEN_HANG,
        /** Answers with an output that is not text_output. */
        NO_TEXT_OUTPUT,
        /** text_output typed FP32. */
        WRONG_DATATYPE,
        /** Fails with {@link #status}. */
        STATUS,
        /** Stream: a response carrying error_message. */
        STREAM_ERROR_MESSAGE,
        /**
         * text_output says the call's deadline as this server saw it on arrival: "deadline-ms:" and
         * the milliseconds left, or "deadline:none", so a test on the far side of a server learns it.
         */
        REPORT_DEADLINE,
        /** Embeddings: FP32 {@code embedding} [n, 3], row i = (length of text i, 1, 0), not normalised, raw. */
        EMBED,
        /** As {@link #EMBED}, typed fp32_contents. */
        EMBED_TYPED,
        /** As {@link #EMBED} with one row too many. */
        EMBED_EXTRA_ROW,
        /** As {@link #EMBED}, but each answer's vectors are one float longer than the last one's. */
        EMBED_GROWING
    }

    final List<ModelInferRequest> requests = new CopyOnWriteArrayList<>();
    final List<Deadline> deadlines = new CopyOnWriteArrayList<>();
    final CountDownLatch cancelled = new CountDownLatch(1);
    volatile Behaviour behaviour = Behaviour.ECHO;
    volatile Status status = Status.INTERNAL;
    private final Server server;

    FakeTritonServer() throws IOException {
        server = ServerBuilder.forPort(0).addService(new Service()).build().start();
    }

    String target() {
        return "localhost:" + server.getPort();
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }

    private final class Service extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {

        @Override
        public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> responses) {
            record(request);
            switch (behaviour) {
                case STATUS -> responses.onError(status.withDescription("fake failure").asRuntimeException());
                case HANG, ONE_PIECE_THEN_HANG -> { }
                case EMBED, EMBED_TYPED, EMBED_EXTRA_ROW, EMBED_GROWING -> {
                    responses.onNext(embeddings(request));
                    responses.onCompleted();
                }
                case REPORT_DEADLINE -> {
                    Deadline deadline = Context.current().getDeadline();
                    responses.onNext(answer(request, deadline == null ? "deadline:none" : "deadline-ms:" + deadline.timeRemaining(TimeUnit.MILLISECONDS)));
                    responses.onCompleted();
                }
                default -> {
                    responses.onNext(answer(request, "echo:" + prompt(request)));
                    responses.onCompleted();
                }
            }
        }

        @Override
        public StreamObserver<ModelInferRequest> modelStreamInfer(StreamObserver<ModelStreamInferResponse> responses) {
            return new StreamObserver<>() {
                @Override
                public void onNext(ModelInferRequest request) {
                    record(request);
                    switch (behaviour) {
                        case STATUS -> responses.onError(status.withDescription("fake failure").asRuntimeException());
                        case HANG -> { }
                        case ONE_PIECE_THEN_HANG -> responses.onNext(wrap(answer(request, "first")));
                        case STREAM_ERROR_MESSAGE -> responses.onNext(ModelStreamInferResponse.newBuilder().setErrorMessage("model crashed").build());
                        default -> {
                            responses.onNext(wrap(answer(request, "echo:")));
                            responses.onNext(wrap(answer(request, prompt(request))));
                            responses.onNext(wrap(answer(request, "").toBuilder()
                                    .putParameters("triton_final_response", InferParameter.newBuilder().setBoolParam(true).build()).build()));
                        }
                    }
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onCompleted() {
                    if (behaviour != Behaviour.HANG && behaviour != Behaviour.ONE_PIECE_THEN_HANG && behaviour != Behaviour.STATUS) {
                        responses.onCompleted();
                    }
                }
            };
        }
    }

    private void record(ModelInferRequest request) {
        requests.add(request);
        deadlines.add(Context.current().getDeadline());
        Context.current().addListener(c -> cancelled.countDown(), Runnable::run);
    }

    private ModelInferResponse embeddings(ModelInferRequest request) {
        List<String> texts = TextTensors.readInput(request, "text").orElseThrow();
        int rows = texts.size() + (behaviour == Behaviour.EMBED_EXTRA_ROW ? 1 : 0);
        int dimension = behaviour == Behaviour.EMBED_GROWING ? 2 + requests.size() : 3;
        java.nio.ByteBuffer raw = java.nio.ByteBuffer.allocate(rows * dimension * Float.BYTES).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        InferTensorContents.Builder typed = InferTensorContents.newBuilder();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < dimension; c++) {
                float v = c == 0 ? texts.get(Math.min(r, texts.size() - 1)).length() : c == 1 ? 1 : 0;
                raw.putFloat(v);
                typed.addFp32Contents(v);
            }
        }
        ModelInferResponse.InferOutputTensor.Builder output = ModelInferResponse.InferOutputTensor.newBuilder()
                .setName("embedding").setDatatype("FP32").addShape(rows).addShape(dimension);
        ModelInferResponse.Builder response = ModelInferResponse.newBuilder().setModelName(request.getModelName()).setId(request.getId());
        if (behaviour == Behaviour.EMBED_TYPED) {
            return response.addOutputs(output.setContents(typed)).build();
        }
        return response.addOutputs(output).addRawOutputContents(com.google.protobuf.ByteString.copyFrom(raw.array())).build();
    }

    private static String prompt(ModelInferRequest request) {
        return TextTensors.readInput(request, TextTensors.TEXT_INPUT).map(v -> v.get(0)).orElse("<no text_input>");
    }

    private ModelInferResponse answer(ModelInferRequest request, String text) {
        ModelInferResponse.Builder response = ModelInferResponse.newBuilder().setModelName(request.getModelName()).setId(request.getId());
        switch (behaviour) {
            case RAW_OUTPUT -> response.addOutputs(ModelInferResponse.InferOutputTensor.newBuilder()
                    .setName(TextTensors.TEXT_OUTPUT).setDatatype(TextTensors.BYTES).addShape(1))
                    .addRawOutputContents(TextTensors.encodeRaw(List.of(text)));
            case NO_TEXT_OUTPUT -> response.addOutputs(TextTensors.textOutput("something_else", text));
            case WRONG_DATATYPE -> response.addOutputs(ModelInferResponse.InferOutputTensor.newBuilder()
                    .setName(TextTensors.TEXT_OUTPUT).setDatatype("FP32").addShape(1)
                    .setContents(InferTensorContents.newBuilder().addFp32Contents(1f)));
            default -> response.addOutputs(TextTensors.textOutput(TextTensors.TEXT_OUTPUT, text));
        }
        return response.build();
    }

    private static ModelStreamInferResponse wrap(ModelInferResponse response) {
        return ModelStreamInferResponse.newBuilder().setInferResponse(response).build();
    }
}
