package dev.quire.common.inference;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import dev.quire.common.QuireException;
import dev.quire.proto.events.Failure;
import dev.quire.proto.inference.ModelInferResponse;

/**
 * The tensors of Quire's embedding contract, for every client of it: one BYTES input {@code text}
 * of shape [n], one FP32 output {@code embedding} of shape [n, d], typed or raw (little-endian).
 */
public final class EmbeddingTensors {

    /** Name of the BYTES input tensor holding the texts. */
    public static final String INPUT = "text";
    /** Name of the FP32 output tensor [n, dimension]. */
    public static final String OUTPUT = "embedding";

    private EmbeddingTensors() {
    }

    /**
     * One vector per text from typed FP32 contents or the matching raw output.
     *
     * @param source who answered, as messages name it ("the embedder", "remote Triton at ...")
     * @throws QuireException INTERNAL when the answer has no such output, another datatype, or not
     *         {@code expected} rows of one length
     */
    public static List<float[]> vectors(ModelInferResponse response, int expected, String source) {
        int index = -1;
        for (int i = 0; i < response.getOutputsCount(); i++) {
            if (response.getOutputs(i).getName().equals(OUTPUT)) {
                index = i;
            }
        }
        if (index < 0) {
            throw invalid(source + " answered without an '" + OUTPUT + "' output; outputs: "
                    + response.getOutputsList().stream().map(ModelInferResponse.InferOutputTensor::getName).toList());
        }
        ModelInferResponse.InferOutputTensor output = response.getOutputs(index);
        if (!output.getDatatype().isEmpty() && !output.getDatatype().equals("FP32")) {
            throw invalid(source + " sent '" + OUTPUT + "' as " + output.getDatatype() + "; expected FP32");
        }
        float[] flat;
        if (output.getContents().getFp32ContentsCount() > 0) {
            flat = new float[output.getContents().getFp32ContentsCount()];
            for (int i = 0; i < flat.length; i++) {
                flat[i] = output.getContents().getFp32Contents(i);
            }
        } else if (response.getRawOutputContentsCount() > index) {
            ByteBuffer raw = response.getRawOutputContents(index).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            flat = new float[raw.remaining() / Float.BYTES];
            raw.asFloatBuffer().get(flat);
        } else {
            throw invalid("the '" + OUTPUT + "' output of " + source + " carries no values");
        }
        if (expected == 0 || flat.length == 0 || flat.length % expected != 0
                || (output.getShapeCount() > 0 && output.getShape(0) != expected)) {
            throw invalid(source + " returned " + flat.length + " values" + (output.getShapeCount() > 0 ? " of shape " + output.getShapeList() : "")
                    + " for " + expected + " texts");
        }
        int dimension = flat.length / expected;
        List<float[]> vectors = new ArrayList<>(expected);
        for (int i = 0; i < expected; i++) {
            float[] vector = new float[dimension];
            System.arraycopy(flat, i * dimension, vector, 0, dimension);
            vectors.add(vector);
        }
        return vectors;
    }

    private static QuireException invalid(String message) {
        return new QuireException(Failure.Code.INTERNAL, message);
    }
}
