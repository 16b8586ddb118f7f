package dev.quire.common.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import com.google.protobuf.ByteString;
import dev.quire.common.QuireException;
import dev.quire.proto.inference.InferTensorContents;
import dev.quire.proto.inference.ModelInferResponse;
import org.junit.jupiter.api.Test;

/** The embedder's [n, d] output is read the same from typed FP32 contents and from raw little-endian bytes. */
class EmbeddingClientTest {

    private static ModelInferResponse.InferOutputTensor.Builder output() {
        return ModelInferResponse.InferOutputTensor.newBuilder().setName("embedding").setDatatype("FP32").addShape(2).addShape(3);
    }

    @Test
    void typedContentsAreSplitIntoOneVectorPerText() {
        ModelInferResponse response = ModelInferResponse.newBuilder()
                .addOutputs(output().setContents(InferTensorContents.newBuilder()
                        .addAllFp32Contents(List.of(1f, 0f, 0f, 0f, 0.6f, 0.8f)))).build();
        List<float[]> vectors = EmbeddingClient.vectors(response, 2);
        assertArrayEquals(new float[] {1f, 0f, 0f}, vectors.get(0));
        assertArrayEquals(new float[] {0f, 0.6f, 0.8f}, vectors.get(1));
    }

    @Test
    void rawContentsAreLittleEndianFloatsOfTheMatchingOutput() {
        ByteBuffer raw = ByteBuffer.allocate(6 * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : new float[] {0.5f, -0.5f, 0.25f, 1f, 2f, 3f}) {
            raw.putFloat(f);
        }
        ModelInferResponse response = ModelInferResponse.newBuilder()
                .addOutputs(ModelInferResponse.InferOutputTensor.newBuilder().setName("other"))
                .addOutputs(output())
                .addRawOutputContents(ByteString.copyFrom(new byte[] {9, 9}))
                .addRawOutputContents(ByteString.copyFrom(raw.array())).build();
        List<float[]> vectors = EmbeddingClient.vectors(response, 2);
        assertArrayEquals(new float[] {0.5f, -0.5f, 0.25f}, vectors.get(0));
        assertArrayEquals(new float[] {1f, 2f, 3f}, vectors.get(1));
    }

    @Test
    void aShapeThatDoesNotMatchTheTextsIsAClearError() {
        ModelInferResponse response = ModelInferResponse.newBuilder()
                .addOutputs(output().setContents(InferTensorContents.newBuilder().addAllFp32Contents(List.of(1f, 2f, 3f)))).build();
        QuireException e = assertThrows(QuireException.class, () -> EmbeddingClient.vectors(response, 2));
        assertEquals("the embedder returned 3 values of shape [2, 3] for 2 texts", e.getMessage());
    }
}
