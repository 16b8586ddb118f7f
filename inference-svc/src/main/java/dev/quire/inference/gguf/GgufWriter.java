package dev.quire.inference.gguf;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a GGUF version 3 file: header, metadata key-values, tensor infos, then the tensor data
 * aligned to {@link #ALIGNMENT}. Only what a llama-architecture f32 model needs is supported
 * (scalars, strings, arrays of strings/floats/ints, f32 tensors). Everything is little-endian.
 */
public final class GgufWriter {

    public static final byte[] MAGIC = {'G', 'G', 'U', 'F'};
    public static final int VERSION = 3;
    /** GGUF's default alignment; written explicitly as general.alignment too. */
    public static final int ALIGNMENT = 32;

    // GGUF metadata value types (gguf.h)
    static final int TYPE_UINT32 = 4;
    static final int TYPE_INT32 = 5;
    static final int TYPE_FLOAT32 = 6;
    static final int TYPE_BOOL = 7;
    static final int TYPE_STRING = 8;
    static final int TYPE_ARRAY = 9;
    /** ggml_type of a float32 tensor. */
    static final int GGML_TYPE_F32 = 0;

    private final Map<String, Value> metadata = new LinkedHashMap<>();
    private final List<Tensor> tensors = new ArrayList<>();

    private record Value(int type, Object value) {
    }

    /** dims are innermost first, as GGUF stores them. */
    private record Tensor(String name, long[] dims, float[] data) {
    }

    public GgufWriter putString(String key, String value) {
        metadata.put(key, new Value(TYPE_STRING, value));
        return this;
    }

    public GgufWriter putUInt32(String key, int value) {
        metadata.put(key, new Value(TYPE_UINT32, value));
        return this;
    }

    public GgufWriter putFloat32(String key, float value) {
        metadata.put(key, new Value(TYPE_FLOAT32, value));
        return this;
    }

    public GgufWriter putBool(String key, boolean value) {
        metadata.put(key, new Value(TYPE_BOOL, value));
        return this;
    }

    public GgufWriter putStringArray(String key, List<String> values) {
        metadata.put(key, new Value(TYPE_ARRAY, new ArrayValue(TYPE_STRING, List.copyOf(values))));
        return this;
    }

    public GgufWriter putFloat32Array(String key, float[] values) {
        metadata.put(key, new Value(TYPE_ARRAY, new ArrayValue(TYPE_FLOAT32, values.clone())));
        return this;
    }

    public GgufWriter putInt32Array(String key, int[] values) {
        metadata.put(key, new Value(TYPE_ARRAY, new ArrayValue(TYPE_INT32, values.clone())));
        return this;
    }

    private record ArrayValue(int elementType, Object elements) {
    }

    /**
     * Adds an f32 tensor; {@code dims} innermost first (for a weight matrix: input size, then
     * output size), and {@code data.length} must equal their product.
     */
    public GgufWriter addTensor(String name, long[] dims, float[] data) {
        long elements = 1;
        for (long d : dims) {
            elements *= d;
        }
        if (elements != data.length) {
            throw new IllegalArgumentException("tensor " + name + " has " + data.length + " values but its dims need " + elements);
        }
        tensors.add(new Tensor(name, dims.clone(), data));
        return this;
    }

    /** Writes the file in one go (the caller decides where; see RandomModelCache for atomic replacement). */
    public void write(Path file) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            write(out);
        }
    }

    public void write(OutputStream raw) throws IOException {
        CountingStream out = new CountingStream(raw);
        out.write(MAGIC);
        out.u32(VERSION);
        out.u64(tensors.size());
        out.u64(metadata.size());
        for (Map.Entry<String, Value> e : metadata.entrySet()) {
            out.string(e.getKey());
            out.u32(e.getValue().type());
            writeValue(out, e.getValue().type(), e.getValue().value());
        }
        long offset = 0;
        for (Tensor t : tensors) {
            out.string(t.name());
            out.u32(t.dims().length);
            for (long d : t.dims()) {
                out.u64(d);
            }
            out.u32(GGML_TYPE_F32);
            out.u64(offset);
            offset = align(offset + 4L * t.data().length);
        }
        out.pad();
        for (Tensor t : tensors) {
            ByteBuffer buffer = ByteBuffer.allocate(4 * t.data().length).order(ByteOrder.LITTLE_ENDIAN);
            buffer.asFloatBuffer().put(t.data());
            out.write(buffer.array());
            out.pad();
        }
        out.flush();
    }

    private static void writeValue(CountingStream out, int type, Object value) throws IOException {
        switch (type) {
            case TYPE_UINT32, TYPE_INT32 -> out.u32((Integer) value);
            case TYPE_FLOAT32 -> out.f32((Float) value);
            case TYPE_BOOL -> out.write((Boolean) value ? 1 : 0);
            case TYPE_STRING -> out.string((String) value);
            case TYPE_ARRAY -> writeArray(out, (ArrayValue) value);
            default -> throw new IllegalStateException("unsupported GGUF value type " + type);
        }
    }

    private static void writeArray(CountingStream out, ArrayValue array) throws IOException {
        out.u32(array.elementType());
        switch (array.elementType()) {
            case TYPE_STRING -> {
                @SuppressWarnings("unchecked")
                List<String> values = (List<String>) array.elements();
                out.u64(values.size());
                for (String s : values) {
                    out.string(s);
                }
            }
            case TYPE_FLOAT32 -> {
                float[] values = (float[]) array.elements();
                out.u64(values.length);
                for (float f : values) {
                    out.f32(f);
                }
            }
            case TYPE_INT32 -> {
                int[] values = (int[]) array.elements();
                out.u64(values.length);
                for (int i : values) {
                    out.u32(i);
                }
            }
            default -> throw new IllegalStateException("unsupported GGUF array element type " + array.elementType());
        }
    }

    static long align(long offset) {
        return (offset + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    /** Little-endian primitives plus a byte count, so padding can be computed without seeking. */
    private static final class CountingStream {
        private final OutputStream out;
        private final ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        private long written;

        CountingStream(OutputStream out) {
            this.out = out;
        }

        void write(int b) throws IOException {
            out.write(b);
            written++;
        }

        void write(byte[] bytes) throws IOException {
            out.write(bytes);
            written += bytes.length;
        }

        void u32(int v) throws IOException {
            scratch.clear();
            scratch.putInt(v);
            out.write(scratch.array(), 0, 4);
            written += 4;
        }

        void u64(long v) throws IOException {
            scratch.clear();
            scratch.putLong(v);
            out.write(scratch.array(), 0, 8);
            written += 8;
        }

        void f32(float v) throws IOException {
            u32(Float.floatToRawIntBits(v));
        }

        void string(String s) throws IOException {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            u64(bytes.length);
            write(bytes);
        }

        void pad() throws IOException {
            long target = align(written);
            while (written < target) {
                write(0);
            }
        }

        void flush() throws IOException {
            out.flush();
        }
    }
}
