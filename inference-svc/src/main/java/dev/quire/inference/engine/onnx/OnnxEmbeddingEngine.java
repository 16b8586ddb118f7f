package dev.quire.inference.engine.onnx;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.quire.common.QuireException;
import dev.quire.proto.events.Failure;

/**
 * Sentence embeddings with ONNX Runtime: the texts of one call become one padded tensor batch
 * (input_ids, attention_mask, token_type_ids), the last hidden state is mean-pooled over the real
 * tokens (attention mask) and L2-normalised, as sentence-transformers does for all-MiniLM-L6-v2.
 * ONNX Runtime sessions are thread-safe, so concurrent calls run concurrently.
 */
public final class OnnxEmbeddingEngine implements EmbeddingEngine {

    private static final String INPUT_IDS = "input_ids";
    private static final String ATTENTION_MASK = "attention_mask";
    private static final String TOKEN_TYPE_IDS = "token_type_ids";

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final WordPieceTokenizer tokenizer;
    private final EmbeddingSettings settings;
    private final int dimension;
    private final boolean takesTokenTypes;
    private final Optional<ToIntFunction<String>> tokenCounter;

    private OnnxEmbeddingEngine(OrtEnvironment environment, OrtSession session, WordPieceTokenizer tokenizer,
                                EmbeddingSettings settings, int dimension) {
        this.environment = environment;
        this.session = session;
        this.tokenizer = tokenizer;
        this.settings = settings;
        this.dimension = dimension;
        this.takesTokenTypes = session.getInputNames().contains(TOKEN_TYPE_IDS);
        // A call of one text pads nothing: an engine that never batches needs no lengths.
        this.tokenCounter = settings.lengthBuckets() && settings.maxBatchSize() > 1
                ? Optional.of(text -> tokenizer.encode(text, settings.maxTokens()).ids().length)
                : Optional.empty();
    }

    /** all-MiniLM-L6-v2 from the langchain4j artifact on the classpath. */
    public static OnnxEmbeddingEngine miniLm(EmbeddingSettings settings) {
        return load(MiniLmModelFiles.onnxModel(), MiniLmModelFiles.tokenizer(), MiniLmModelFiles.DIMENSION, settings);
    }

    public static OnnxEmbeddingEngine load(byte[] onnxModel, WordPieceTokenizer tokenizer, int dimension, EmbeddingSettings settings) {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(settings.intraOpThreads());
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            OrtSession session = environment.createSession(onnxModel, options);
            if (!session.getInputNames().contains(INPUT_IDS) || !session.getInputNames().contains(ATTENTION_MASK)) {
                session.close();
                throw new IllegalArgumentException("the ONNX model must take inputs input_ids and attention_mask; it takes " + session.getInputNames());
            }
            return new OnnxEmbeddingEngine(environment, session, tokenizer, settings, dimension);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime could not load the embedding model: " + e.getMessage(), e);
        }
    }

    @Override
    public Embeddings embed(List<String> texts) {
        EmbeddingEngine.checkBatch(texts, settings.maxBatchSize());
        List<WordPieceTokenizer.TokenizedText> tokenized = new ArrayList<>(texts.size());
        List<Integer> truncated = new ArrayList<>();
        int longest = 0;
        for (int i = 0; i < texts.size(); i++) {
            WordPieceTokenizer.TokenizedText t = tokenizer.encode(texts.get(i), settings.maxTokens());
            tokenized.add(t);
            if (t.truncated()) {
                truncated.add(i);
            }
            longest = Math.max(longest, t.ids().length);
        }
        float[][] vectors = settings.lengthBuckets() ? runInLengthBuckets(tokenized) : run(tokenized, longest);
        return new Embeddings(vectors, truncated, settings.maxTokens());
    }

    /**
     * Texts sorted by length and cut into the padded sub-batches that {@link LengthBuckets} finds
     * cheapest: on CPU the model is compute-bound even at batch 1, so padding a 7-token text to 45
     * tokens costs more than one extra ONNX Runtime call saves, while texts of about one length
     * share a call.
     */
    private float[][] runInLengthBuckets(List<WordPieceTokenizer.TokenizedText> tokenized) {
        Integer[] order = new Integer[tokenized.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingInt(i -> tokenized.get(i).ids().length));
        int[] sortedLengths = new int[order.length];
        for (int k = 0; k < order.length; k++) {
            sortedLengths[k] = tokenized.get(order[k]).ids().length;
        }
        float[][] out = new float[order.length][];
        int start = 0;
        for (int size : LengthBuckets.sizes(sortedLengths)) {
            int end = start + size;
            List<WordPieceTokenizer.TokenizedText> bucket = new ArrayList<>(size);
            for (int k = start; k < end; k++) {
                bucket.add(tokenized.get(order[k]));
            }
            float[][] vectors = run(bucket, sortedLengths[end - 1]);
            for (int k = start; k < end; k++) {
                out[order[k]] = vectors[k - start];
            }
            start = end;
        }
        return out;
    }

    /** Pads every text to {@code length} with id 0 and mask 0, runs one batch, pools. */
    private float[][] run(List<WordPieceTokenizer.TokenizedText> tokenized, int length) {
        int batch = tokenized.size();
        long[] ids = new long[batch * length];
        long[] mask = new long[batch * length];
        for (int b = 0; b < batch; b++) {
            long[] t = tokenized.get(b).ids();
            System.arraycopy(t, 0, ids, b * length, t.length);
            java.util.Arrays.fill(mask, b * length, b * length + t.length, 1L);
        }
        long[] shape = {batch, length};
        try (OnnxTensor idTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape);
             OnnxTensor maskTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape);
             OnnxTensor typeTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(new long[batch * length]), shape)) {
            Map<String, OnnxTensor> inputs = takesTokenTypes
                    ? Map.of(INPUT_IDS, idTensor, ATTENTION_MASK, maskTensor, TOKEN_TYPE_IDS, typeTensor)
                    : Map.of(INPUT_IDS, idTensor, ATTENTION_MASK, maskTensor);
            try (OrtSession.Result result = session.run(inputs)) {
                FloatBuffer hidden = ((OnnxTensor) result.get(0)).getFloatBuffer();
                if (hidden.remaining() != batch * length * dimension) {
                    throw new QuireException(Failure.Code.INTERNAL, "the embedding model returned " + hidden.remaining()
                            + " values where [" + batch + ", " + length + ", " + dimension + "] were expected");
                }
                return meanPoolAndNormalise(hidden, mask, batch, length);
            }
        } catch (OrtException e) {
            throw new QuireException(Failure.Code.INTERNAL, "ONNX Runtime failed while embedding: " + e.getMessage(), e);
        }
    }

    private float[][] meanPoolAndNormalise(FloatBuffer hidden, long[] mask, int batch, int length) {
        float[][] out = new float[batch][dimension];
        for (int b = 0; b < batch; b++) {
            float[] vector = out[b];
            int tokens = 0;
            for (int t = 0; t < length; t++) {
                if (mask[b * length + t] == 0) {
                    continue;
                }
                tokens++;
                int base = (b * length + t) * dimension;
                for (int d = 0; d < dimension; d++) {
                    vector[d] += hidden.get(base + d);
                }
            }
            for (int d = 0; d < dimension; d++) {
                vector[d] /= tokens;
            }
            Embeddings.normalise(vector);
        }
        return out;
    }

    /** The tokens the tokenizer keeps of each text when the engine cuts its batches by length; empty when it does not, or runs one text per call. */
    @Override
    public Optional<ToIntFunction<String>> tokenCounter() {
        return tokenCounter;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public int maxBatchSize() {
        return settings.maxBatchSize();
    }

    @Override
    public int maxTokens() {
        return settings.maxTokens();
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime could not release the session: " + e.getMessage(), e);
        }
    }
}
