package dev.quire.inference.http;

import java.util.Arrays;

import dev.quire.common.QuireException;
import dev.quire.proto.inference.InferTensorContents;

/**
 * The KServe v2 tensor datatypes the REST surface carries: the size of one element in the binary
 * form, and which {@link InferTensorContents} field holds the elements. FP16 and BF16 have no
 * typed field in the protocol, so they are refused rather than passed on in a form nobody reads.
 */
enum TensorDatatype {
    BOOL(1), UINT8(1), UINT16(2), UINT32(4), UINT64(8), INT8(1), INT16(2), INT32(4), INT64(8), FP32(4), FP64(8),
    /** Each element: a 4-byte little-endian length, then that many bytes. */
    BYTES(0);

    private final int elementSize;

    TensorDatatype(int elementSize) {
        this.elementSize = elementSize;
    }

    /** Bytes per element in the binary form; 0 for BYTES, whose elements carry their own length. */
    int elementSize() {
        return elementSize;
    }

    /**
     * @param tensor names the tensor in messages, e.g. {@code input 'text'}
     * @throws QuireException.InvalidRequest naming the tensor and the datatypes accepted
     */
    static TensorDatatype of(String tensor, String datatype) {
        for (TensorDatatype t : values()) {
            if (t.name().equals(datatype)) {
                return t;
            }
        }
        throw new QuireException.InvalidRequest(tensor + " has datatype '" + datatype + "'; expected one of " + Arrays.toString(values()));
    }

    /** How many elements of this datatype {@code contents} holds. */
    int count(InferTensorContents contents) {
        return switch (this) {
            case BOOL -> contents.getBoolContentsCount();
            case INT8, INT16, INT32 -> contents.getIntContentsCount();
            case INT64 -> contents.getInt64ContentsCount();
            case UINT8, UINT16, UINT32 -> contents.getUintContentsCount();
            case UINT64 -> contents.getUint64ContentsCount();
            case FP32 -> contents.getFp32ContentsCount();
            case FP64 -> contents.getFp64ContentsCount();
            case BYTES -> contents.getBytesContentsCount();
        };
    }

    boolean unsigned() {
        return name().startsWith("UINT");
    }

    /** The smallest and largest value of an integer datatype (UINT64's upper bound does not fit a long: not used for it). */
    long min() {
        return switch (this) {
            case INT8 -> Byte.MIN_VALUE;
            case INT16 -> Short.MIN_VALUE;
            case INT32 -> Integer.MIN_VALUE;
            case INT64 -> Long.MIN_VALUE;
            default -> 0;
        };
    }

    long max() {
        return switch (this) {
            case INT8 -> Byte.MAX_VALUE;
            case INT16 -> Short.MAX_VALUE;
            case INT32 -> Integer.MAX_VALUE;
            case UINT8 -> 0xFFL;
            case UINT16 -> 0xFFFFL;
            case UINT32 -> 0xFFFF_FFFFL;
            default -> Long.MAX_VALUE;
        };
    }
}
