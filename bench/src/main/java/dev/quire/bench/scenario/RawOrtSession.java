package dev.quire.bench.scenario;

import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.quire.bench.load.CallOutcome;
import dev.quire.inference.engine.onnx.MiniLmModelFiles;
import dev.quire.inference.engine.onnx.WordPieceTokenizer;

/**
 * ONNX Runtime on its own, the baseline the server is compared with: the same texts pre-tokenized
 * and padded per batch of {@code batchSize}, straight into a session. Thread-safe, so several
 * clients can run batches at once.
 */
public final class RawOrtSession implements AutoCloseable {
    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final List<long[][]> batches = new ArrayList<>();
    private final List<long[]> shapes = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();

    /**
     * @param lengthSorted true: the texts sorted by token count before they are cut into batches, so that
     *                     each batch holds texts of about one length (the least padding any batcher can get)
     */
    public RawOrtSession(List<String> texts, int maxTokens, int batchSize, int intraOpThreads, boolean lengthSorted) throws Exception {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session = environment.createSession(MiniLmModelFiles.onnxModel(), options);
        }
        WordPieceTokenizer tokenizer = MiniLmModelFiles.tokenizer();
        List<long[]> tokenized = new ArrayList<>();
        for (String text : texts) {
            tokenized.add(tokenizer.encode(text, maxTokens).ids());
        }
        if (lengthSorted) {
            tokenized.sort(java.util.Comparator.comparingInt(t -> t.length));
        }
        for (int start = 0; start + batchSize <= tokenized.size(); start += batchSize) {
            List<long[]> ids = tokenized.subList(start, start + batchSize);
            int longest = 0;
            for (long[] t : ids) {
                longest = Math.max(longest, t.length);
            }
            long[] flatIds = new long[batchSize * longest];
            long[] mask = new long[batchSize * longest];
            for (int b = 0; b < batchSize; b++) {
                System.arraycopy(ids.get(b), 0, flatIds, b * longest, ids.get(b).length);
                java.util.Arrays.fill(mask, b * longest, b * longest + ids.get(b).length, 1L);
            }
            batches.add(new long[][] {flatIds, mask, new long[batchSize * longest]});
            shapes.add(new long[] {batchSize, longest});
        }
    }

    public CallOutcome runNextBatch() throws Exception {
        int i = Math.floorMod(next.getAndIncrement(), batches.size());
        long[][] b = batches.get(i);
        long[] shape = shapes.get(i);
        try (OnnxTensor ids = OnnxTensor.createTensor(environment, LongBuffer.wrap(b[0]), shape);
             OnnxTensor mask = OnnxTensor.createTensor(environment, LongBuffer.wrap(b[1]), shape);
             OnnxTensor types = OnnxTensor.createTensor(environment, LongBuffer.wrap(b[2]), shape);
             OrtSession.Result result = session.run(Map.of("input_ids", ids, "attention_mask", mask, "token_type_ids", types))) {
            return CallOutcome.items((int) shape[0]);
        }
    }

    @Override
    public void close() throws Exception {
        session.close();
    }
}
