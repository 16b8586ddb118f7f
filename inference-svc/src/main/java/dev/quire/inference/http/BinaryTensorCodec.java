package dev.quire.inference.http;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import com.google.protobuf.ByteString;
import dev.quire.common.QuireException;
import dev.quire.common.inference.TextTensors;
import dev.quire.proto.inference.InferTensorContents;

/**
 * Tensor data in the binary form of Triton's binary_tensor_data extension (the same layout as
 * gRPC's raw_input_contents / raw_output_contents): little-endian, row-major, no padding; BOOL one
 * byte (0 or 1); BYTES each element a 4-byte little-endian unsigned length, then the bytes.
 */
final class BinaryTensorCodec {

    private BinaryTensorCodec() {
    }

    /**
     * Reads one tensor's binary data into typed contents.
     *
     * @param tensor names the tensor in messages, e.g. {@code input 'text'}
     * @param data   exactly this tensor's bytes (little-endian order is applied here)
     * @throws QuireException.InvalidRequest when the bytes do not match the shape and datatype
     */
    static InferTensorContents decode(String tensor, TensorDatatype type, List<Long> shape, ByteBuffer data) {
        ByteBuffer in = data.slice().order(ByteOrder.LITTLE_ENDIAN);
        long elements = elementCount(tensor, shape);
        if (type != TensorDatatype.BYTES) {
            // above Integer.MAX_VALUE elements no body can match; the check keeps the product in range
            if (elements > Integer.MAX_VALUE || in.remaining() != elements * type.elementSize()) {
                String expected = elements > Integer.MAX_VALUE ? "" : elements * type.elementSize() + " ";
                throw new QuireException.InvalidRequest(tensor + " has " + in.remaining() + " bytes of binary data; expected " + expected
                        + "(shape " + shape + " of " + type + ": " + elements + " elements, " + type.elementSize() + " bytes each)");
            }
        }
        InferTensorContents.Builder contents = InferTensorContents.newBuilder();
        switch (type) {
            case BOOL -> {
                while (in.hasRemaining()) {
                    byte b = in.get();
                    if (b != 0 && b != 1) {
                        throw new QuireException.InvalidRequest(tensor + " is BOOL, so each byte must be 0 or 1; found " + b);
                    }
                    contents.addBoolContents(b == 1);
                }
            }
            case INT8 -> readEach(in, () -> contents.addIntContents(in.get()));
            case INT16 -> readEach(in, () -> contents.addIntContents(in.getShort()));
            case INT32 -> readEach(in, () -> contents.addIntContents(in.getInt()));
            case INT64 -> readEach(in, () -> contents.addInt64Contents(in.getLong()));
            case UINT8 -> readEach(in, () -> contents.addUintContents(Byte.toUnsignedInt(in.get())));
            case UINT16 -> readEach(in, () -> contents.addUintContents(Short.toUnsignedInt(in.getShort())));
            // uint32 and uint64 protobuf fields hold the same bits as Java's signed int and long
            case UINT32 -> readEach(in, () -> contents.addUintContents(in.getInt()));
            case UINT64 -> readEach(in, () -> contents.addUint64Contents(in.getLong()));
            case FP32 -> readEach(in, () -> contents.addFp32Contents(in.getFloat()));
            case FP64 -> readEach(in, () -> contents.addFp64Contents(in.getDouble()));
            case BYTES -> readStrings(tensor, shape, elements, in, contents);
        }
        return contents.build();
    }

    /** The binary form of typed contents (the elements of {@code type}'s field). */
    static ByteString encode(TensorDatatype type, InferTensorContents contents) {
        int count = type.count(contents);
        int size = type == TensorDatatype.BYTES
                ? contents.getBytesContentsList().stream().mapToInt(b -> Integer.BYTES + b.size()).sum()
                : count * type.elementSize();
        ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            switch (type) {
                case BOOL -> out.put((byte) (contents.getBoolContents(i) ? 1 : 0));
                case INT8 -> out.put((byte) contents.getIntContents(i));
                case INT16 -> out.putShort((short) contents.getIntContents(i));
                case INT32 -> out.putInt(contents.getIntContents(i));
                case INT64 -> out.putLong(contents.getInt64Contents(i));
                case UINT8 -> out.put((byte) contents.getUintContents(i));
                case UINT16 -> out.putShort((short) contents.getUintContents(i));
                case UINT32 -> out.putInt(contents.getUintContents(i));
                case UINT64 -> out.putLong(contents.getUint64Contents(i));
                case FP32 -> out.putFloat(contents.getFp32Contents(i));
                case FP64 -> out.putDouble(contents.getFp64Contents(i));
                case BYTES -> {
                    ByteString element = contents.getBytesContents(i);
                    out.putInt(element.size());
                    element.copyTo(out);
                }
            }
        }
        return ByteString.copyFrom(out.array());
    }

    private static void readEach(ByteBuffer in, Runnable readOne) {
        while (in.hasRemaining()) {
            readOne.run();
        }
    }

    private static void readStrings(String tensor, List<Long> shape, long elements, ByteBuffer in, InferTensorContents.Builder contents) {
        int total = in.remaining();
        List<ByteString> strings;
        try {
            strings = TextTensors.splitRaw(in);
        } catch (IllegalArgumentException e) {
            throw new QuireException.InvalidRequest(tensor + ": " + e.getMessage() + " (" + total + " binary bytes in all)");
        }
        if (strings.size() != elements) {
            throw new QuireException.InvalidRequest(tensor + " has shape " + shape + " but its binary data holds " + strings.size()
                    + " BYTES elements; expected " + elements);
        }
        contents.addAllBytesContents(strings);
    }

    private static long elementCount(String tensor, List<Long> shape) {
        long count = 1;
        for (long dimension : shape) {
            if (dimension < 0) {
                throw new QuireException.InvalidRequest(tensor + " has shape " + shape + "; binary data needs every dimension >= 0");
            }
            try {
                count = Math.multiplyExact(count, dimension);
            } catch (ArithmeticException e) {
                throw new QuireException.InvalidRequest(tensor + " has shape " + shape + ", too many elements");
            }
        }
        return count;
    }
}
