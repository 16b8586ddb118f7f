package dev.quire.inference.http;

import java.math.BigInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.google.protobuf.ByteString;
import dev.quire.common.QuireException;
import dev.quire.proto.inference.InferTensorContents;

/**
 * Tensor data in KServe v2's JSON form: a (possibly nested) row-major array of booleans, numbers,
 * or strings for BYTES, read into and written from the typed {@link InferTensorContents} fields.
 */
final class JsonTensorData {

    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private JsonTensorData() {
    }

    /**
     * @param tensor names the tensor in messages, e.g. {@code input 'text'}
     * @throws QuireException.InvalidRequest naming the tensor when an element does not fit the datatype
     */
    static InferTensorContents read(String tensor, TensorDatatype type, JsonNode data) {
        InferTensorContents.Builder contents = InferTensorContents.newBuilder();
        flatten(tensor, type, data, contents);
        return contents.build();
    }

    /** Appends the elements of {@code type}'s field to {@code data}. */
    static void write(TensorDatatype type, InferTensorContents contents, ArrayNode data) {
        int count = type.count(contents);
        for (int i = 0; i < count; i++) {
            switch (type) {
                case BOOL -> data.add(contents.getBoolContents(i));
                case INT8, INT16, INT32 -> data.add(contents.getIntContents(i));
                case INT64 -> data.add(contents.getInt64Contents(i));
                case UINT8, UINT16, UINT32 -> data.add(Integer.toUnsignedLong(contents.getUintContents(i)));
                case UINT64 -> data.add(new BigInteger(Long.toUnsignedString(contents.getUint64Contents(i))));
                case FP32 -> data.add(contents.getFp32Contents(i));
                case FP64 -> data.add(contents.getFp64Contents(i));
                // KServe's JSON carries BYTES elements as strings
                case BYTES -> data.add(contents.getBytesContents(i).toStringUtf8());
            }
        }
    }

    private static void flatten(String tensor, TensorDatatype type, JsonNode data, InferTensorContents.Builder contents) {
        for (JsonNode element : data) {
            if (element.isArray()) {
                flatten(tensor, type, element, contents);
            } else {
                add(tensor, type, element, contents);
            }
        }
    }

    private static void add(String tensor, TensorDatatype type, JsonNode element, InferTensorContents.Builder contents) {
        switch (type) {
            case BOOL -> {
                if (!element.isBoolean()) {
                    throw wrongElement(tensor, type, "true or false", element);
                }
                contents.addBoolContents(element.booleanValue());
            }
            case INT8, INT16, INT32, UINT8, UINT16, UINT32 -> {
                long value = integer(tensor, type, element);
                if (type.unsigned()) {
                    contents.addUintContents((int) value);
                } else {
                    contents.addIntContents((int) value);
                }
            }
            case INT64 -> contents.addInt64Contents(integer(tensor, type, element));
            case UINT64 -> {
                if (!element.isIntegralNumber() || element.bigIntegerValue().signum() < 0 || element.bigIntegerValue().compareTo(UINT64_MAX) > 0) {
                    throw wrongElement(tensor, type, "integers from 0 to " + UINT64_MAX, element);
                }
                contents.addUint64Contents(element.bigIntegerValue().longValue());
            }
            case FP32, FP64 -> {
                if (!element.isNumber()) {
                    throw wrongElement(tensor, type, "numbers", element);
                }
                if (type == TensorDatatype.FP32) {
                    contents.addFp32Contents(element.floatValue());
                } else {
                    contents.addFp64Contents(element.doubleValue());
                }
            }
            case BYTES -> {
                if (!element.isTextual()) {
                    throw wrongElement(tensor, type, "strings", element);
                }
                contents.addBytesContents(ByteString.copyFromUtf8(element.asText()));
            }
        }
    }

    private static long integer(String tensor, TensorDatatype type, JsonNode element) {
        String range = "integers from " + type.min() + " to " + type.max();
        if (!element.isIntegralNumber() || !element.canConvertToLong()) {
            throw wrongElement(tensor, type, range, element);
        }
        long value = element.longValue();
        if (value < type.min() || value > type.max()) {
            throw wrongElement(tensor, type, range, element);
        }
        return value;
    }

    private static QuireException wrongElement(String tensor, TensorDatatype type, String expected, JsonNode element) {
        return new QuireException.InvalidRequest(tensor + " is " + type + ", so its data must be " + expected + "; found " + element);
    }
}
