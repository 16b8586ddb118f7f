package dev.quire.inference.gguf;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Builds a llama-architecture GGUF with random weights from a fixed seed: the same seed and shape
 * give the same bytes. The {@link RandomModelShape#TINY} default lets the whole mesh run without
 * downloading a model; larger shapes give benchmarks real work. Its answers are noise.
 */
public final class RandomLlamaModelGenerator {

    /** Bump when the layout or vocabulary changes, so cached files of an older layout are not reused. */
    public static final int FORMAT_VERSION = 1;

    public static final int EMBEDDING_LENGTH = RandomModelShape.TINY.embeddingLength();
    public static final int BLOCK_COUNT = RandomModelShape.TINY.blockCount();
    public static final int HEAD_COUNT = RandomModelShape.TINY.headCount();
    public static final int FEED_FORWARD_LENGTH = RandomModelShape.TINY.feedForwardLength();
    public static final int CONTEXT_LENGTH = RandomModelShape.TINY.contextLength();
    private static final float RMS_EPSILON = 1e-5f;
    /** Small weights keep activations tame through the random layers. */
    private static final double WEIGHT_STD = 0.08;

    private final long seed;
    private final RandomModelShape shape;

    /** The tiny test model. */
    public RandomLlamaModelGenerator(long seed) {
        this(seed, RandomModelShape.TINY);
    }

    public RandomLlamaModelGenerator(long seed, RandomModelShape shape) {
        this.seed = seed;
        this.shape = shape;
    }

    public long seed() {
        return seed;
    }

    public RandomModelShape shape() {
        return shape;
    }

    /** Weights of the generated model. */
    public long parameterCount() {
        return shape.parameterCount(RandomModelVocabulary.create().size());
    }

    /**
     * The cache file name: carries the format version, the seed and, for shapes other than the tiny
     * default, the shape (the tiny model keeps the name it always had, so existing caches stay valid).
     */
    public String fileName() {
        String shapeTag = shape.equals(RandomModelShape.TINY) ? "" : "-" + shape.tag();
        return "quire-random-llama-v" + FORMAT_VERSION + shapeTag + "-seed" + seed + ".gguf";
    }

    public void write(Path file) throws IOException {
        build().write(file);
    }

    public void write(OutputStream out) throws IOException {
        build().write(out);
    }

    GgufWriter build() {
        RandomModelVocabulary vocabulary = RandomModelVocabulary.create();
        int vocab = vocabulary.size();
        int headDim = shape.headDimension();
        int ff = shape.feedForwardLength();
        GgufWriter gguf = new GgufWriter()
                .putString("general.architecture", "llama")
                .putString("general.name", "quire-random-llama-seed" + seed)
                .putUInt32("general.alignment", GgufWriter.ALIGNMENT)
                .putUInt32("general.file_type", 0)
                .putUInt32("llama.context_length", shape.contextLength())
                .putUInt32("llama.embedding_length", shape.embeddingLength())
                .putUInt32("llama.block_count", shape.blockCount())
                .putUInt32("llama.feed_forward_length", ff)
                .putUInt32("llama.attention.head_count", shape.headCount())
                .putUInt32("llama.attention.head_count_kv", shape.headCount())
                .putFloat32("llama.attention.layer_norm_rms_epsilon", RMS_EPSILON)
                .putUInt32("llama.rope.dimension_count", headDim)
                .putUInt32("llama.vocab_size", vocab)
                .putString("tokenizer.ggml.model", "llama")
                .putStringArray("tokenizer.ggml.tokens", vocabulary.tokens())
                .putFloat32Array("tokenizer.ggml.scores", vocabulary.scores())
                .putInt32Array("tokenizer.ggml.token_type", vocabulary.types())
                .putUInt32("tokenizer.ggml.bos_token_id", RandomModelVocabulary.BOS_ID)
                .putUInt32("tokenizer.ggml.eos_token_id", RandomModelVocabulary.EOS_ID)
                .putUInt32("tokenizer.ggml.unknown_token_id", RandomModelVocabulary.UNKNOWN_ID)
                .putBool("tokenizer.ggml.add_bos_token", true)
                .putBool("tokenizer.ggml.add_eos_token", false);

        SplittableRandom random = new SplittableRandom(seed);
        long n = shape.embeddingLength();
        gguf.addTensor("token_embd.weight", new long[] {n, vocab}, gaussian(random, n * vocab));
        for (int layer = 0; layer < shape.blockCount(); layer++) {
            String p = "blk." + layer + ".";
            gguf.addTensor(p + "attn_norm.weight", new long[] {n}, ones(n));
            gguf.addTensor(p + "attn_q.weight", new long[] {n, n}, gaussian(random, n * n));
            gguf.addTensor(p + "attn_k.weight", new long[] {n, n}, gaussian(random, n * n));
            gguf.addTensor(p + "attn_v.weight", new long[] {n, n}, gaussian(random, n * n));
            gguf.addTensor(p + "attn_output.weight", new long[] {n, n}, gaussian(random, n * n));
            gguf.addTensor(p + "ffn_norm.weight", new long[] {n}, ones(n));
            gguf.addTensor(p + "ffn_gate.weight", new long[] {n, ff}, gaussian(random, n * ff));
            gguf.addTensor(p + "ffn_down.weight", new long[] {ff, n}, gaussian(random, n * ff));
            gguf.addTensor(p + "ffn_up.weight", new long[] {n, ff}, gaussian(random, n * ff));
        }
        gguf.addTensor("output_norm.weight", new long[] {n}, ones(n));
        gguf.addTensor("output.weight", new long[] {n, vocab}, gaussian(random, n * vocab));
        return gguf;
    }

    private static float[] ones(long count) {
        float[] values = new float[Math.toIntExact(count)];
        java.util.Arrays.fill(values, 1f);
        return values;
    }

    /** Box-Muller normals from SplittableRandom and StrictMath: platform-independent, so the bytes depend on the seed only. */
    private static float[] gaussian(SplittableRandom random, long count) {
        float[] values = new float[Math.toIntExact(count)];
        for (int i = 0; i < values.length; i += 2) {
            double u1 = 1.0 - random.nextDouble();
            double u2 = random.nextDouble();
            double r = StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * WEIGHT_STD;
            values[i] = (float) (r * StrictMath.cos(2 * Math.PI * u2));
            if (i + 1 < values.length) {
                values[i + 1] = (float) (r * StrictMath.sin(2 * Math.PI * u2));
            }
        }
        return values;
    }
}
