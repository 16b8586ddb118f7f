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
        REPORT_DEADLINE
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
