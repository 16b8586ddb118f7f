package dev.quire.sqlchat.messaging;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.google.protobuf.ByteString;
import dev.quire.proto.inference.InferTensorContents;
import dev.quire.proto.inference.ModelInferRequest;
import dev.quire.proto.inference.ModelInferResponse;

/**
 * A deterministic stand-in for the {@code embedder} model: words are mapped to a concept (a small
 * synonym table: shopper, client and customer mean the same; spent, money, amount and paid are
 * about payment), each concept is hashed into one of 384 dimensions, and the counts are
 * L2-normalised. So texts that share meaning but not words end up close, as with a real embedder.
 * A batch of one text is answered in typed FP32 contents, larger batches in raw little-endian bytes,
 * so both forms the client must read are exercised.
 */
final class FakeEmbedder {

    static final int DIMENSIONS = 384;

    private static final Map<String, String> CONCEPTS = Map.ofEntries(
            Map.entry("shopper", "customer"), Map.entry("client", "customer"), Map.entry("buyer", "customer"),
            Map.entry("spent", "payment"), Map.entry("spend", "payment"), Map.entry("money", "payment"),
            Map.entry("amount", "payment"), Map.entry("paid", "payment"));

    private static final Set<String> STOP = Set.of("the", "a", "an", "of", "which", "who", "most", "at", "from", "columns");

    private FakeEmbedder() {
    }

    static ModelInferResponse response(ModelInferRequest request, List<String> texts) {
        ModelInferResponse.InferOutputTensor.Builder output = ModelInferResponse.InferOutputTensor.newBuilder()
                .setName("embedding").setDatatype("FP32").addShape(texts.size()).addShape(DIMENSIONS);
        ModelInferResponse.Builder response = ModelInferResponse.newBuilder().setModelName(request.getModelName()).setId(request.getId());
        if (texts.size() == 1) {
            InferTensorContents.Builder contents = InferTensorContents.newBuilder();
            for (float f : vector(texts.get(0))) {
                contents.addFp32Contents(f);
            }
            return response.addOutputs(output.setContents(contents)).build();
        }
        ByteBuffer raw = ByteBuffer.allocate(texts.size() * DIMENSIONS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        texts.forEach(t -> {
            for (float f : vector(t)) {
                raw.putFloat(f);
            }
        });
        return response.addOutputs(output).addRawOutputContents(ByteString.copyFrom(raw.array())).build();
    }

    static float[] vector(String text) {
        float[] v = new float[DIMENSIONS];
        for (String word : text.toLowerCase(Locale.ROOT).split("[^a-z]+")) {
            if (word.isEmpty() || STOP.contains(word)) {
                continue;
            }
            String stem = word.endsWith("s") && word.length() > 3 ? word.substring(0, word.length() - 1) : word;
            v[Math.floorMod(CONCEPTS.getOrDefault(stem, stem).hashCode(), DIMENSIONS)] += 1;
        }
        double norm = 0;
        for (float f : v) {
            norm += f * f;
        }
        for (int i = 0; i < v.length && norm > 0; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        return v;
    }
}
