package dev.quire.bench;

import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.quire.bench.load.CallOutcome;
import dev.quire.bench.load.LoadGenerator;
import dev.quire.bench.load.LoadMode;
import dev.quire.bench.load.Measurement;
import dev.quire.bench.report.BarChart;
import dev.quire.bench.report.MarkdownTable;
import dev.quire.inference.engine.onnx.EmbeddingBatcher;
import dev.quire.inference.engine.onnx.EmbeddingSettings;
import dev.quire.inference.engine.onnx.MiniLmModelFiles;
import dev.quire.inference.engine.onnx.OnnxEmbeddingEngine;
import dev.quire.inference.engine.onnx.WordPieceTokenizer;

/**
 * Embeddings scenario of issue 3, side by side in one process: ONNX Runtime's own offline batch-32
 * throughput (pre-tokenized tensors straight into the session), the engine offline at batch 32, and
 * single-text requests at each concurrency with the dynamic batcher off (every request its own ORT
 * call) and on. Each point is measured {@code --runs} times, interleaved, and the median is reported.
 *
 * <pre>mvn -B -q -pl bench exec:java -Dexec.args="--seconds=3 --runs=3"</pre>
 */
public final class EmbeddingsBenchmark {

    private static final int OFFLINE_BATCH = 32;
    private static final String ORT_POOLED = "ORT batch-32, 1 run at a time, intra-op threads = cores";
    private static final String ORT_PARALLEL = "ORT batch-32, 1 run per core, 1 thread each";
    private static final String ENGINE_OFFLINE = "engine batch-32, 1 call per core";
    private static final String BATCHER_OFF = "batcher off";
    private static final String BATCHER_ON = "batcher on";

    private EmbeddingsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchLogging.infoAndAbove();
        Options options = Options.parse(args);
        List<String> texts = sampleTexts(512, 20240611L, options.minWords, options.maxWords);
        int cores = Runtime.getRuntime().availableProcessors();
        EmbeddingSettings settings = new EmbeddingSettings(OFFLINE_BATCH, 256, options.threads, options.lengthBuckets);
        LoadGenerator generator = new LoadGenerator(Duration.ofMillis((long) (options.warmupSeconds * 1000)),
                Duration.ofMillis((long) (options.seconds * 1000)));

        Map<String, List<Measurement>> runs = new LinkedHashMap<>();
        try (OnnxEmbeddingEngine engine = OnnxEmbeddingEngine.miniLm(settings);
             RawSession pooled = new RawSession(texts, settings.maxTokens(), OFFLINE_BATCH, cores);
             RawSession parallel = new RawSession(texts, settings.maxTokens(), OFFLINE_BATCH, 1);
             EmbeddingBatcher batcher = new EmbeddingBatcher(engine, new EmbeddingBatcher.Settings(OFFLINE_BATCH,
                     Duration.ofNanos(options.maxDelayMicros * 1000L), 4096, options.instances, java.util.OptionalInt.of(options.preferred)))) {
            // ONNX Runtime plans memory per input shape on first sight: show every session every batch once before timing.
            System.err.println("warming up every batch shape");
            for (int i = 0; i < texts.size() / OFFLINE_BATCH; i++) {
                pooled.runNextBatch();
                parallel.runNextBatch();
                engine.embed(texts.subList(i * OFFLINE_BATCH, (i + 1) * OFFLINE_BATCH));
            }
            for (String text : texts) {
                engine.embed(List.of(text));
            }
            AtomicInteger next = new AtomicInteger();
            for (int run = 1; run <= options.runs; run++) {
                System.err.printf(Locale.ROOT, "run %d/%d%n", run, options.runs);
                add(runs, generator.measure(ORT_POOLED, new LoadMode.Concurrency(1), pooled::runNextBatch));
                add(runs, generator.measure(ORT_PARALLEL, new LoadMode.Concurrency(cores), parallel::runNextBatch));
                add(runs, generator.measure(ENGINE_OFFLINE, new LoadMode.Concurrency(cores), () -> {
                    // The same batches of 32 as the ORT rows.
                    int start = Math.floorMod(next.getAndIncrement(), texts.size() / OFFLINE_BATCH) * OFFLINE_BATCH;
                    return CallOutcome.items(engine.embed(texts.subList(start, start + OFFLINE_BATCH)).size());
                }));
                for (int clients : options.concurrency) {
                    add(runs, generator.measure(BATCHER_OFF, new LoadMode.Concurrency(clients),
                            () -> CallOutcome.items(engine.embed(List.of(pick(texts, next))).size())));
                    add(runs, generator.measure(BATCHER_ON, new LoadMode.Concurrency(clients),
                            () -> CallOutcome.items(batcher.submit(List.of(pick(texts, next))).get().size())));
                }
            }
        }

        List<Measurement> medians = runs.values().stream().map(Measurement::median).toList();
        String report = report(medians, options);
        System.out.println(report);
        Files.createDirectories(options.out);
        Files.writeString(options.out.resolve("embeddings.md"), report);
        BarChart.write(options.out.resolve("embeddings.png"), "all-MiniLM-L6-v2 embeddings, texts/s (median of " + options.runs + " runs)",
                "texts/s", medians, Measurement::itemsPerSecond);
        System.err.println("wrote " + options.out.resolve("embeddings.md") + " and " + options.out.resolve("embeddings.png"));
    }

    private static void add(Map<String, List<Measurement>> runs, Measurement m) {
        runs.computeIfAbsent(m.label() + "|" + m.mode(), k -> new ArrayList<>()).add(m);
        System.err.printf(Locale.ROOT, "  %-56s %-16s %8.1f texts/s  p50 %.2f ms%n", m.label(), m.mode(), m.itemsPerSecond(), m.p50Ms());
    }

    private static String pick(List<String> texts, AtomicInteger next) {
        return texts.get(Math.floorMod(next.getAndIncrement(), texts.size()));
    }

    private static String report(List<Measurement> medians, Options options) throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        double ort = Math.max(find(medians, ORT_POOLED, 1).itemsPerSecond(), find(medians, ORT_PARALLEL, cores).itemsPerSecond());
        int top = options.concurrency.get(options.concurrency.size() - 1);
        double on = find(medians, BATCHER_ON, top).itemsPerSecond();
        double off = find(medians, BATCHER_OFF, top).itemsPerSecond();
        String load = Files.exists(Path.of("/proc/loadavg")) ? Files.readString(Path.of("/proc/loadavg")).strip() : "n/a";
        return String.format(Locale.ROOT, """
                ### Embeddings (all-MiniLM-L6-v2, ONNX Runtime) — %s

                %d CPU cores; texts of %d-%d words; engine: ORT intra-op threads %d, length buckets %s; batcher: max batch %d,
                preferred batch %d, max delay %d µs, %d instances; %.1f s per point after %.1f s warm-up, median of %d interleaved runs;
                load average when done: %s (the machine is shared with other jobs).

                %s
                Targets at concurrency %d: batcher on / off = **%.2fx** (target >= 1.8x: %s); batcher on / best ORT offline batch-32 = **%.0f%%** (target >= 80%%: %s).
                """,
                Instant.now(), cores, options.minWords, options.maxWords, options.threads, options.lengthBuckets, OFFLINE_BATCH,
                options.preferred, options.maxDelayMicros, options.instances, options.seconds, options.warmupSeconds, options.runs, load, MarkdownTable.render(medians),
                top, on / off, on / off >= 1.8 ? "met" : "NOT met", 100 * on / ort, on / ort >= 0.8 ? "met" : "NOT met");
    }

    private static Measurement find(List<Measurement> rows, String label, int clients) {
        String mode = new LoadMode.Concurrency(clients).toString();
        return rows.stream().filter(m -> m.label().equals(label) && m.mode().equals(mode)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no point " + label + " at " + mode));
    }

    /** Questions of {@code minWords} to {@code maxWords} words over a SQL-ish vocabulary, the same for every run of one seed. */
    public static List<String> sampleTexts(int count, long seed, int minWords, int maxWords) {
        String[] words = ("how many orders customers were placed last week by region total revenue per month show the top ten "
                + "products sold in each store average delivery time for late shipments which employees handled most tickets "
                + "list all invoices unpaid after thirty days compare sales this year with previous year grouped by category "
                + "find users who signed up but never logged in count distinct sessions per day").split(" ");
        Random random = new Random(seed);
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int length = minWords + random.nextInt(maxWords - minWords + 1);
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < length; w++) {
                text.append(w == 0 ? "" : " ").append(words[random.nextInt(words.length)]);
            }
            texts.add(text.append('?').toString());
        }
        return texts;
    }

    /**
     * ONNX Runtime on its own: the same texts pre-tokenized and padded per batch of 32, straight
     * into a session. Thread-safe, so several clients can run batches at once.
     */
    public static final class RawSession implements AutoCloseable {
        private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
        private final OrtSession session;
        private final List<long[][]> batches = new ArrayList<>();
        private final List<long[]> shapes = new ArrayList<>();
        private final AtomicInteger next = new AtomicInteger();

        public RawSession(List<String> texts, int maxTokens, int batchSize, int intraOpThreads) throws Exception {
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setIntraOpNumThreads(intraOpThreads);
                options.setInterOpNumThreads(1);
                options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                session = environment.createSession(MiniLmModelFiles.onnxModel(), options);
            }
            WordPieceTokenizer tokenizer = MiniLmModelFiles.tokenizer();
            for (int start = 0; start + batchSize <= texts.size(); start += batchSize) {
                List<long[]> ids = new ArrayList<>();
                int longest = 0;
                for (String text : texts.subList(start, start + batchSize)) {
                    long[] t = tokenizer.encode(text, maxTokens).ids();
                    ids.add(t);
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

    /** Command-line options, {@code --name=value}. */
    record Options(double seconds, double warmupSeconds, int runs, List<Integer> concurrency, int threads, int instances, int preferred,
                   boolean lengthBuckets, int maxDelayMicros, int minWords, int maxWords, Path out) {

        private static final List<String> KNOWN = List.of("seconds", "warmup", "runs", "concurrency", "threads", "instances",
                "preferred", "length-buckets", "max-delay-us", "words", "out");

        static Options parse(String[] args) {
            Map<String, String> given = new LinkedHashMap<>();
            for (String arg : args) {
                if (!arg.startsWith("--") || !arg.contains("=")) {
                    throw new IllegalArgumentException("arguments look like --name=value; got '" + arg + "'");
                }
                given.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            }
            List<String> unknown = given.keySet().stream().filter(k -> !KNOWN.contains(k)).toList();
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("unknown options " + unknown + "; known: " + KNOWN);
            }
            String cores = String.valueOf(Runtime.getRuntime().availableProcessors());
            String[] words = given.getOrDefault("words", "5-40").split("-");
            int instances = Integer.parseInt(given.getOrDefault("instances", cores));
            return new Options(
                    Double.parseDouble(given.getOrDefault("seconds", "3")),
                    Double.parseDouble(given.getOrDefault("warmup", "1")),
                    Integer.parseInt(given.getOrDefault("runs", "3")),
                    java.util.Arrays.stream(given.getOrDefault("concurrency", "1,8,32").split(",")).map(String::strip).map(Integer::valueOf).toList(),
                    Integer.parseInt(given.getOrDefault("threads", "1")),
                    instances,
                    // One preferred batch per instance: a burst of 32 becomes two batches of 16 that run at once.
                    Integer.parseInt(given.getOrDefault("preferred", String.valueOf(Math.max(1, OFFLINE_BATCH / instances)))),
                    Boolean.parseBoolean(given.getOrDefault("length-buckets", "true")),
                    Integer.parseInt(given.getOrDefault("max-delay-us", "2000")),
                    Integer.parseInt(words[0]), Integer.parseInt(words[words.length - 1]),
                    Path.of(given.getOrDefault("out", System.getProperty("quire.bench.out", "target/bench"))));
        }
    }
}
