package dev.quire.inference.engine.remote;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.quire.common.QuireException;
import dev.quire.common.inference.InferenceParameters;
import dev.quire.common.inference.TextTensors;
import dev.quire.inference.engine.GenerationOptions;
import dev.quire.inference.engine.GenerationResult;
import dev.quire.inference.engine.TokenSink;
import dev.quire.proto.events.Failure;
import dev.quire.proto.inference.GRPCInferenceServiceGrpc;
import dev.quire.proto.inference.InferParameter;
import dev.quire.proto.inference.ModelInferRequest;
import dev.quire.proto.inference.ModelInferResponse;
import dev.quire.proto.inference.ModelStreamInferResponse;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;

/**
 * Text generation on a remote Triton (or another Quire) over KServe v2 gRPC, for GPU deployments
 * running Triton with the vLLM or TensorRT-LLM backend: BYTES {@code text_input} in,
 * {@code text_output} out, options in the backend's {@link TritonDialect}. With streaming on it
 * uses ModelStreamInfer and hands each response's text to the sink as it arrives (decoupled
 * models send deltas and end with {@code triton_final_response}).
 * <p>
 * The call's deadline is the caller's (or the settings' default); a cancelled sink cancels the
 * remote call within {@link #POLL} so the GPU stops working for nobody.
 */
public final class RemoteTritonEngine extends RemoteTextEngine {

    /** How often a waiting call checks whether its caller went away. */
    static final Duration POLL = Duration.ofMillis(50);
    private static final String ENABLE_EMPTY_FINAL = "triton_enable_empty_final_response";

    private final ManagedChannel channel;
    private final GRPCInferenceServiceGrpc.GRPCInferenceServiceStub stub;
    private final TritonSettings settings;
    private final Clock clock;

    RemoteTritonEngine(ManagedChannel channel, TritonSettings settings, Clock clock) {
        super("the remote Triton engine", settings.contextSize());
        this.channel = channel;
        this.stub = GRPCInferenceServiceGrpc.newStub(channel);
        this.settings = settings;
        this.clock = clock;
    }

    /** Opens a plaintext channel to {@code settings.target()}; connecting happens on the first call. */
    public static RemoteTritonEngine connect(TritonSettings settings) {
        return new RemoteTritonEngine(ManagedChannelBuilder.forTarget(settings.target()).usePlaintext().build(), settings, Clock.systemUTC());
    }

    @Override
    public GenerationResult generate(String prompt, GenerationOptions options, TokenSink sink) {
        return generate(prompt, options, sink, options.deadline().orElseGet(() -> clock.instant().plus(settings.defaultTimeout())));
    }

    /** Like {@link #generate(String, GenerationOptions, TokenSink)} with the caller's deadline. */
    public GenerationResult generate(String prompt, GenerationOptions options, TokenSink sink, Instant deadline) {
        long millisLeft = Duration.between(clock.instant(), deadline).toMillis();
        if (millisLeft <= 0) {
            throw new QuireException.DeadlineExceeded("the deadline passed before remote Triton at " + settings.target() + " was called");
        }
        ModelInferRequest.Builder request = ModelInferRequest.newBuilder()
                .setModelName(settings.remoteModel())
                .setId(UUID.randomUUID().toString());
        settings.dialect().fill(request, prompt, options, settings.stream());
        if (settings.stream()) {
            request.putParameters(ENABLE_EMPTY_FINAL, InferParameter.newBuilder().setBoolParam(true).build());
        }
        Call call = new Call();
        GRPCInferenceServiceGrpc.GRPCInferenceServiceStub timed = stub.withDeadline(Deadline.after(millisLeft, TimeUnit.MILLISECONDS));
        if (settings.stream()) {
            StreamObserver<ModelInferRequest> requests = timed.modelStreamInfer(call.streamObserver());
            requests.onNext(request.build());
            requests.onCompleted();
        } else {
            timed.modelInfer(request.build(), call.unaryObserver());
        }
        return call.await(sink, countTokens(prompt));
    }

    /** Events of one remote call, handed from gRPC's threads to the caller's. */
    private sealed interface Event {
        record Piece(String text) implements Event {
        }

        record Done() implements Event {
        }

        record Failed(QuireException failure) implements Event {
        }
    }

    /** One remote call: gRPC callbacks put events in a queue, the calling thread drains it. */
    private final class Call {
        private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        private volatile ClientCallStreamObserver<?> remote;

        /** The callbacks both call shapes share: the call handle, transport failures and the end of the call. */
        private abstract class Observer<R> implements ClientResponseObserver<ModelInferRequest, R> {
            @Override
            public void beforeStart(ClientCallStreamObserver<ModelInferRequest> requestStream) {
                remote = requestStream;
            }

            @Override
            public void onError(Throwable t) {
                events.add(new Event.Failed(RemoteStatusErrors.translate(t, settings.target(), settings.remoteModel())));
            }

            @Override
            public void onCompleted() {
                events.add(new Event.Done());
            }
        }

        ClientResponseObserver<ModelInferRequest, ModelInferResponse> unaryObserver() {
            return new Observer<>() {
                @Override
                public void onNext(ModelInferResponse response) {
                    try {
                        events.add(new Event.Piece(text(response).orElseThrow(() -> malformed(response))));
                    } catch (QuireException e) {
                        events.add(new Event.Failed(e));
                    }
                }
            };
        }

        ClientResponseObserver<ModelInferRequest, ModelStreamInferResponse> streamObserver() {
            return new Observer<>() {
                @Override
                public void onNext(ModelStreamInferResponse response) {
                    if (!response.getErrorMessage().isEmpty()) {
                        events.add(new Event.Failed(new QuireException(Failure.Code.INTERNAL, "remote Triton at " + settings.target()
                                + " (model '" + settings.remoteModel() + "') reported: " + response.getErrorMessage())));
                        return;
                    }
                    ModelInferResponse infer = response.getInferResponse();
                    boolean last = infer.getParametersOrDefault(InferenceParameters.FINAL_RESPONSE, InferParameter.getDefaultInstance()).getBoolParam();
                    try {
                        Optional<String> text = text(infer);
                        if (text.isEmpty() && !last) {
                            throw malformed(infer);
                        }
                        text.filter(t -> !t.isEmpty()).ifPresent(t -> events.add(new Event.Piece(t)));
                    } catch (QuireException e) {
                        events.add(new Event.Failed(e));
                        return;
                    }
                    if (last) {
                        events.add(new Event.Done());
                    }
                }
            };
        }

        /** Hands pieces to the sink until the call ends, fails, or the sink is cancelled. */
        GenerationResult await(TokenSink sink, int promptTokens) {
            StringBuilder text = new StringBuilder();
            int pieces = 0;
            while (true) {
                if (sink.cancelled()) {
                    cancel();
                    return new GenerationResult(text.toString(), promptTokens, pieces, true);
                }
                Event event;
                try {
                    event = events.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    cancel();
                    Thread.currentThread().interrupt();
                    throw new QuireException(Failure.Code.INTERNAL, "interrupted while waiting for remote Triton at " + settings.target(), e);
                }
                if (event instanceof Event.Piece piece) {
                    text.append(piece.text());
                    pieces++;
                    sink.accept(piece.text());
                } else if (event instanceof Event.Done) {
                    return new GenerationResult(text.toString(), promptTokens, pieces, false);
                } else if (event instanceof Event.Failed failed) {
                    throw failed.failure();
                }
            }
        }

        private void cancel() {
            ClientCallStreamObserver<?> call = remote;
            if (call != null) {
                call.cancel("the caller went away", null);
            }
        }
    }

    /** The text_output element; a BYTES tensor, typed or raw. */
    private Optional<String> text(ModelInferResponse response) {
        for (ModelInferResponse.InferOutputTensor output : response.getOutputsList()) {
            if (output.getName().equals(TextTensors.TEXT_OUTPUT) && !TextTensors.BYTES.equals(output.getDatatype())) {
                throw new QuireException(Failure.Code.INTERNAL, "remote Triton at " + settings.target() + " sent " + TextTensors.TEXT_OUTPUT
                        + " as " + output.getDatatype() + "; expected BYTES");
            }
        }
        try {
            return TextTensors.readOutput(response, TextTensors.TEXT_OUTPUT);
        } catch (IllegalArgumentException e) {
            throw new QuireException(Failure.Code.INTERNAL, "remote Triton at " + settings.target() + " sent a malformed "
                    + TextTensors.TEXT_OUTPUT + ": " + e.getMessage());
        }
    }

    private QuireException malformed(ModelInferResponse response) {
        return new QuireException(Failure.Code.INTERNAL, "remote Triton at " + settings.target() + " answered without "
                + TextTensors.TEXT_OUTPUT + "; outputs: " + response.getOutputsList().stream().map(ModelInferResponse.InferOutputTensor::getName).toList());
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
