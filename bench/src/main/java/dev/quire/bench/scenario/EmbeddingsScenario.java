package dev.quire.bench.scenario;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import dev.quire.bench.BenchmarkOptions.WordRange;
import dev.quire.bench.load.LoadMode;
import dev.quire.bench.load.Measurement;
import dev.quire.bench.load.Points;
import dev.quire.bench.load.SideBySide;
import dev.quire.bench.load.WarmUpCalls;
import dev.quire.bench.report.BarChart;
import dev.quire.bench.report.MarkdownTable;
import dev.quire.bench.report.Target;
import dev.quire.bench.server.BenchModels;
import dev.quire.inference.engine.onnx.EmbeddingSettings;

/**
 * Embeddings through inference-svc's scheduler over gRPC, dynamic batching on vs off, next to
 * ONNX Runtime's own offline batch-32 throughput in this JVM on the same texts.
 */
public final class EmbeddingsScenario implements Scenario {

    static final int DIMENSION = 384;
    static final int OFFLINE_BATCH = BenchModels.EMBEDDING_MAX_BATCH;
    static final String ORT_POOLED = "ORT batch-32, 1 run at a time, intra-op threads = cores";
    static final String ORT_PARALLEL = "ORT batch-32, 1 run per core, 1 thread each";
    static final String ORT_SORTED = "ORT batch-32 of length-sorted texts, 1 run per core, 1 thread each";
    static final String ORT_SINGLE = "ORT batch-1, 1 run per core, 1 thread each";
    static final String OFF = "server, batching off (max_batch_size 1)";
    static final String ON = "server, dynamic batching on";

    private final BenchContext context;
    private final WordRange words;
    private final List<String> texts;
    private final int cores;
    private final Points points = new Points();
    private final AtomicInteger next = new AtomicInteger();
    private RawOrtSession pooled;
    private RawOrtSession parallel;
    private RawOrtSession sorted;
    private RawOrtSession single;

    public EmbeddingsScenario(BenchContext context, WordRange words) {
        this.context = context;
        this.cores = context.cores();
        this.words = words;
        this.texts = SampleQuestions.generate(512, 20240611L, words.min(), words.max());
    }

    @Override
    public String title() {
        return "Embeddings, questions of " + words + " words";
    }

    @Override
    public void prepare() throws Exception {
        int maxTokens = EmbeddingSettings.defaults().maxTokens();
        pooled = new RawOrtSession(texts, maxTokens, OFFLINE_BATCH, cores, false);
        parallel = new RawOrtSession(texts, maxTokens, OFFLINE_BATCH, 1, false);
        sorted = new RawOrtSession(texts, maxTokens, OFFLINE_BATCH, 1, true);
        single = new RawOrtSession(texts, maxTokens, 1, 1, false);
        // ONNX Runtime plans memory per input shape on first sight: every session sees every shape once before timing.
        for (int i = 0; i < texts.size() / OFFLINE_BATCH; i++) {
            pooled.runNextBatch();
            parallel.runNextBatch();
            sorted.runNextBatch();
        }
        for (int i = 0; i < texts.size(); i++) {
            single.runNextBatch();
        }
        // Every text through both server models, then as many calls again as --warmup-requests asks, in the
        // asynchronous mode the points use: until client and server have compiled these paths, C2 takes
        // a share of the two cores from the side measured first.
        for (String model : List.of(BenchModels.EMBEDDER_UNBATCHED, BenchModels.EMBEDDER_BATCHED)) {
            WarmUpCalls.async(texts.size() + context.options().warmupRequests(), OFFLINE_BATCH,
                    () -> context.client().embedAsync(model, pick(), DIMENSION));
        }
    }

    @Override
    public void measure(int run) throws Exception {
        var generator = context.generator();
        points.add(generator.measure(ORT_POOLED, new LoadMode.Concurrency(1), pooled::runNextBatch));
        points.add(generator.measure(ORT_PARALLEL, new LoadMode.Concurrency(cores), parallel::runNextBatch));
        points.add(generator.measure(ORT_SORTED, new LoadMode.Concurrency(cores), sorted::runNextBatch));
        points.add(generator.measure(ORT_SINGLE, new LoadMode.Concurrency(cores), single::runNextBatch));
        for (int clients : context.options().embeddingConcurrency()) {
            points.add(generator.measureAsync(OFF, new LoadMode.Concurrency(clients),
                    () -> context.client().embedAsync(BenchModels.EMBEDDER_UNBATCHED, pick(), DIMENSION)));
            points.add(generator.measureAsync(ON, new LoadMode.Concurrency(clients),
                    () -> context.client().embedAsync(BenchModels.EMBEDDER_BATCHED, pick(), DIMENSION)));
        }
    }

    private String pick() {
        return texts.get(Math.floorMod(next.getAndIncrement(), texts.size()));
    }

    @Override
    public Section report(Path out) throws Exception {
        List<Measurement> medians = points.medians();
        double ort = Math.max(points.median(ORT_POOLED, new LoadMode.Concurrency(1)).itemsPerSecond(),
                points.median(ORT_PARALLEL, new LoadMode.Concurrency(cores)).itemsPerSecond());
        List<Integer> concurrency = context.options().embeddingConcurrency();
        LoadMode top = new LoadMode.Concurrency(concurrency.get(concurrency.size() - 1));
        double ortSingle = points.median(ORT_SINGLE, new LoadMode.Concurrency(cores)).itemsPerSecond();
        double ortSorted = points.median(ORT_SORTED, new LoadMode.Concurrency(cores)).itemsPerSecond();
        // Each run's on, off and ORT points are compared with each other, never with another run's.
        SideBySide onOff = points.sideBySide(ON, top, OFF, top, (on, off) -> on.itemsPerSecond() / off.itemsPerSecond());
        List<Measurement> onRuns = points.runs(ON, top);
        List<Measurement> pooledRuns = points.runs(ORT_POOLED, new LoadMode.Concurrency(1));
        List<Measurement> parallelRuns = points.runs(ORT_PARALLEL, new LoadMode.Concurrency(cores));
        SideBySide onOrt = SideBySide.of(onRuns.size(), k -> 100 * onRuns.get(k).itemsPerSecond()
                / Math.max(pooledRuns.get(k).itemsPerSecond(), parallelRuns.get(k).itemsPerSecond()));
        String scenario = "embeddings " + words + " words";
        List<Target> targets = List.of(
                Target.atLeast(scenario, "batching on / off, texts/s at " + top + " (per run " + onOff.list() + ")", onOff.median(), 1.8, "x"),
                Target.atLeast(scenario, "batching on at " + top + " / best ORT offline batch-32 (per run " + onOrt.list() + ")",
                        onOrt.median(), 80, "%"));
        String chart = "embeddings-" + words + ".png";
        BarChart.write(out.resolve(chart), "all-MiniLM-L6-v2 embeddings, " + words + " words, texts/s", "texts/s", medians,
                Measurement::itemsPerSecond);
        String text = String.format(Locale.ROOT, """
                ### %s

                512 generated questions of %s words. ORT rows: pre-tokenized padded batches of %d straight into an ONNX Runtime
                session in the benchmark's JVM. Server rows: one text per gRPC ModelInfer, %d-core server, model `%s`
                (%d instances, max_batch_size 1) vs `%s` (%d instances, max_batch_size %d, preferred batch sizes %s, max queue delay %d µs),
                ORT intra-op threads 1 per instance. Server rows are driven like perf_analyzer's asynchronous mode: each
                client keeps one call in flight and starts the next from the answer's callback, no thread per client.

                What batching can gain on this CPU: ONNX Runtime's own best batch-32 rate is %.2fx its batch-1 rate (same
                texts, one single-threaded run per core, in this JVM, no server). With the texts sorted by length before
                they are cut into batches of 32, the least padding any batcher can get, it is %.2fx: about the most a
                batcher of 32 can gain here, as ONNX Runtime's time per call is its padded tokens' compute plus a fixed
                part that a batch spreads. The server's on/off ratio also counts the cost per call of the service that
                batching spreads over a batch.

                %s
                ![texts/s](%s)
                """, title(), words, OFFLINE_BATCH, cores, BenchModels.EMBEDDER_UNBATCHED, cores, BenchModels.EMBEDDER_BATCHED, cores,
                BenchModels.EMBEDDING_MAX_BATCH, BenchModels.embeddingPreferredBatches(cores), BenchModels.EMBEDDING_DELAY_MICROS,
                ort / ortSingle, ortSorted / ortSingle, MarkdownTable.render(medians), chart);
        return new Section(text, targets);
    }

    @Override
    public void close() throws Exception {
        if (pooled != null) {
            pooled.close();
        }
        if (parallel != null) {
            parallel.close();
        }
        if (sorted != null) {
            sorted.close();
        }
        if (single != null) {
            single.close();
        }
    }
}
