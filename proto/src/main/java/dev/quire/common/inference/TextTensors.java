package dev.quire.common.inference;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.google.protobuf.ByteString;
import dev.quire.proto.inference.InferParameter;
import dev.quire.proto.inference.InferTensorContents;
import dev.quire.proto.inference.ModelInferRequest;
import dev.quire.proto.inference.ModelInferResponse;

/**
 * Reading and writing BYTES tensors the way the KServe v2 protocol allows: either typed
 * {@code bytes_contents} or Triton's raw form (each element a 4-byte little-endian length, then the
 * bytes), which stock Triton clients use by default.
 */
public final class TextTensors {

    public static final String BYTES = "BYTES";
    public static final String TEXT_INPUT = "text_input";
    public static final String TEXT_OUTPUT = "text_output";

    private TextTensors() {
    }

    /** A BYTES input tensor of shape [1] holding {@code text}. */
    public static ModelInferRequest.InferInputTensor textInput(String name, String text) {
        return ModelInferRequest.InferInputTensor.newBuilder()
                .setName(name)
                .setDatatype(BYTES)
                .addShape(1)
                .setContents(InferTensorContents.newBuilder().addBytesContents(utf8(text)))
                .build();
    }

    /** A BYTES output tensor of shape [1] holding {@code text}. */
    public static ModelInferResponse.InferOutputTensor textOutput(String name, String text) {
        return ModelInferResponse.InferOutputTensor.newBuilder()
                .setName(name)
                .setDatatype(BYTES)
                .addShape(1)
                .setContents(InferTensorContents.newBuilder().addBytesContents(utf8(text)))
                .build();
    }

    /** The elements of the named BYTES input, typed or raw; empty when the input is absent. */
    public static Optional<List<String>> readInput(ModelInferRequest request, String name) {
        for (int i = 0; i < request.getInputsCount(); i++) {
            ModelInferRequest.InferInputTensor input = request.getInputs(i);
            if (!input.getName().equals(name)) {
                continue;
            }
            if (!BYTES.equals(input.getDatatype())) {
                throw new IllegalArgumentException("input '" + name + "' must have datatype BYTES, got '" + input.getDatatype() + "'");
            }
            if (request.getRawInputContentsCount() > 0) {
                if (i >= request.getRawInputContentsCount()) {
                    throw new IllegalArgumentException("raw_input_contents has no entry for input '" + name + "'");
                }
                return Optional.of(decodeRaw(request.getRawInputContents(i)));
            }
            List<String> values = new ArrayList<>();
            for (ByteString b : input.getContents().getBytesContentsList()) {
                values.add(b.toStringUtf8());
            }
            return Optional.of(values);
        }
        return Optional.empty();
    }

    /** The first element of the named BYTES output of a response, typed or raw. */
    public static Optional<String> readOutput(ModelInferResponse response, String name) {
        for (int i = 0; i < response.getOutputsCount(); i++) {
            ModelInferResponse.InferOutputTensor output = response.getOutputs(i);
            if (!output.getName().equals(name)) {
                continue;
            }
            List<String> values = response.getRawOutputContentsCount() > i
                    ? decodeRaw(response.getRawOutputContents(i))
                    : output.getContents().getBytesContentsList().stream().map(ByteString::toStringUtf8).toList();
            return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }
        return Optional.empty();
    }

    /** Triton's raw BYTES layout, decoded as UTF-8 strings: see {@link #splitRaw}. */
    public static List<String> decodeRaw(ByteString raw) {
        return splitRaw(raw.asReadOnlyByteBuffer()).stream().map(ByteString::toStringUtf8).toList();
    }

    /**
     * Splits Triton's raw BYTES layout, repeated (uint32 little-endian length, bytes), reading
     * {@code in} to its end.
     *
     * @throws IllegalArgumentException naming the element and the sizes when the data is cut off
     */
    public static List<ByteString> splitRaw(ByteBuffer in) {
        ByteBuffer buffer = in.slice().order(ByteOrder.LITTLE_ENDIAN);
        List<ByteString> values = new ArrayList<>();
        while (buffer.hasRemaining()) {
            if (buffer.remaining() < Integer.BYTES) {
                throw new IllegalArgumentException("BYTES element " + values.size() + " is cut off: " + buffer.remaining()
                        + " bytes left where a 4-byte length was expected");
            }
            long length = Integer.toUnsignedLong(buffer.getInt());
            if (length > buffer.remaining()) {
                throw new IllegalArgumentException("BYTES element " + values.size() + " claims " + length + " bytes but only "
                        + buffer.remaining() + " remain");
            }
            values.add(ByteString.copyFrom(buffer, (int) length));
        }
        in.position(in.limit());
        return values;
    }

    public static ByteString encodeRaw(List<String> values) {
        ByteString.Output out = ByteString.newOutput();
        for (String value : values) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            byte[] length = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(bytes.length).array();
            out.write(length, 0, 4);
            out.write(bytes, 0, bytes.length);
        }
        return out.toByteString();
    }

    public static InferParameter stringParam(String value) {
        return InferParameter.newBuilder().setStringParam(value).build();
    }

    public static InferParameter intParam(long value) {
        return InferParameter.newBuilder().setInt64Param(value).build();
    }

    public static InferParameter doubleParam(double value) {
        return InferParameter.newBuilder().setDoubleParam(value).build();
    }

    private static ByteString utf8(String text) {
        return ByteString.copyFromUtf8(text);
    }
}
