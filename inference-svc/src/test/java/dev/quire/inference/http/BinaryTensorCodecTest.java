package dev.quire.inference.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;

import com.google.protobuf.ByteString;
import dev.quire.common.QuireException;
import dev.quire.proto.inference.InferTensorContents;
import org.junit.jupiter.api.Test;

/** The binary tensor layout of Triton's binary_tensor_data extension, byte by byte. */
class BinaryTensorCodecTest {

    private static InferTensorContents decode(TensorDatatype type, List<Long> shape, byte[] bytes) {
        return BinaryTensorCodec.decode("input 'x'", type, shape, ByteBuffer.wrap(bytes));
    }

    private static InferTensorContents decode(TensorDatatype type, List<Long> shape, int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return decode(type, shape, b);
    }

    private static byte b(int v) {
        return (byte) v;
    }

    @Test
    void fp32IsLittleEndianIeeeAndRoundTrips() {
        InferTensorContents contents = InferTensorContents.newBuilder().addFp32Contents(1.0f).addFp32Contents(-2.5f).build();
        byte[] bytes = BinaryTensorCodec.encode(TensorDatatype.FP32, contents).toByteArray();
        // 1.0f = 0x3F800000, -2.5f = 0xC0200000, least significant byte first
        assertArrayEquals(new byte[] {0, 0, b(0x80), b(0x3F), 0, 0, b(0x20), b(0xC0)}, bytes);
        assertEquals(contents, decode(TensorDatatype.FP32, List.of(2L), bytes));
    }

    @Test
    void bytesElementsAreALittleEndianLengthThenTheBytes() {
        InferTensorContents contents = InferTensorContents.newBuilder().addBytesContents(ByteString.copyFromUtf8("hé"))
                .addBytesContents(ByteString.EMPTY).addBytesContents(ByteString.copyFromUtf8("x")).build();
        byte[] bytes = BinaryTensorCodec.encode(TensorDatatype.BYTES, contents).toByteArray();
        assertArrayEquals(new byte[] {3, 0, 0, 0, 'h', b(0xC3), b(0xA9), 0, 0, 0, 0, 1, 0, 0, 0, 'x'}, bytes);
        assertArrayEquals(TritonHttpRequest.bytesOf(List.of("hé", "", "x")), bytes, "the test client's encoding agrees");
        assertEquals(contents, decode(TensorDatatype.BYTES, List.of(3L, 1L), bytes));
    }

    @Test
    void everyFixedSizeDatatypeRoundTripsItsExtremes() {
        roundTrip(TensorDatatype.BOOL, InferTensorContents.newBuilder().addBoolContents(true).addBoolContents(false));
        roundTrip(TensorDatatype.INT8, InferTensorContents.newBuilder().addIntContents(-128).addIntContents(127));
        roundTrip(TensorDatatype.INT16, InferTensorContents.newBuilder().addIntContents(Short.MIN_VALUE).addIntContents(Short.MAX_VALUE));
        roundTrip(TensorDatatype.INT32, InferTensorContents.newBuilder().addIntContents(Integer.MIN_VALUE).addIntContents(Integer.MAX_VALUE));
        roundTrip(TensorDatatype.INT64, InferTensorContents.newBuilder().addInt64Contents(Long.MIN_VALUE).addInt64Contents(Long.MAX_VALUE));
        roundTrip(TensorDatatype.UINT8, InferTensorContents.newBuilder().addUintContents(0).addUintContents(255));
        roundTrip(TensorDatatype.UINT16, InferTensorContents.newBuilder().addUintContents(0).addUintContents(65535));
        roundTrip(TensorDatatype.UINT32, InferTensorContents.newBuilder().addUintContents(0).addUintContents(-1));
        roundTrip(TensorDatatype.UINT64, InferTensorContents.newBuilder().addUint64Contents(0).addUint64Contents(-1L));
        roundTrip(TensorDatatype.FP64, InferTensorContents.newBuilder().addFp64Contents(Math.PI).addFp64Contents(-0.0));
        // UINT8 255 is one byte 0xFF, not a sign-extended int
        assertArrayEquals(new byte[] {0, b(0xFF)}, BinaryTensorCodec.encode(TensorDatatype.UINT8,
                InferTensorContents.newBuilder().addUintContents(0).addUintContents(255).build()).toByteArray());
    }

    private static void roundTrip(TensorDatatype type, InferTensorContents.Builder contents) {
        ByteString bytes = BinaryTensorCodec.encode(type, contents.build());
        assertEquals(2L * type.elementSize(), bytes.size(), type.name());
        assertEquals(contents.build(), BinaryTensorCodec.decode("input 'x'", type, List.of(2L), bytes.asReadOnlyByteBuffer()), type.name());
    }

    @Test
    void aSizeThatDoesNotFitTheShapeIsRefusedWithTheExpectedSize() {
        QuireException e = assertThrows(QuireException.class, () -> decode(TensorDatatype.FP32, List.of(2L), new byte[7]));
        assertTrue(e.getMessage().contains("input 'x' has 7 bytes") && e.getMessage().contains("expected 8"), e.getMessage());

        QuireException negative = assertThrows(QuireException.class, () -> decode(TensorDatatype.FP32, List.of(-1L), new byte[4]));
        assertTrue(negative.getMessage().contains("input 'x' has shape [-1]"), negative.getMessage());
    }

    @Test
    void malformedBytesElementsAreRefusedNamingTheElement() {
        QuireException tooLong = assertThrows(QuireException.class, () -> decode(TensorDatatype.BYTES, List.of(1L), 9, 0, 0, 0, 'a', 'b'));
        assertTrue(tooLong.getMessage().contains("input 'x': BYTES element 0 claims 9 bytes but only 2"), tooLong.getMessage());

        QuireException cutOff = assertThrows(QuireException.class, () -> decode(TensorDatatype.BYTES, List.of(2L), 1, 0, 0, 0, 'a', 2, 0));
        assertTrue(cutOff.getMessage().contains("element 1 is cut off"), cutOff.getMessage());

        QuireException count = assertThrows(QuireException.class,
                () -> decode(TensorDatatype.BYTES, List.of(2L), TritonHttpRequest.bytesOf(List.of("a", "b", "c"))));
        assertTrue(count.getMessage().contains("holds 3 BYTES elements; expected 2"), count.getMessage());

        QuireException bool = assertThrows(QuireException.class, () -> decode(TensorDatatype.BOOL, List.of(1L), 2));
        assertTrue(bool.getMessage().contains("must be 0 or 1"), bool.getMessage());
    }
}
