package dev.quire.bench.scenario;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import dev.quire.bench.BenchmarkOptions;
import dev.quire.bench.grpc.InferenceClient;
import dev.quire.bench.load.CallOutcome;
import dev.quire.bench.load.LoadMode;
import dev.quire.bench.load.Measurement;
import dev.quire.bench.load.Points;
import dev.quire.bench.load.SideBySide;
import dev.quire.bench.load.WarmUpCalls;
import dev.quire.bench.report.BarChart;
import dev.quire.bench.report.MarkdownTable;
import dev.quire.bench.report.Target;
import dev.quire.bench.server.BenchModels;

/**
 * The embeddings comparison of {@link EmbeddingsScenario} for a GPU deployment: inference-svc's
 * embedders forward to a remote KServe v2 server (engine triton, task embed; on a GPU machine
 * {@code bench/gpu/kserve_embedder.py}), batching on vs off, next to that server's own throughput
 * when the benchmark calls it directly with batches of 32 (no inference-svc in between).
 */
public final class RemoteEmbeddingsScenario implements Scenario {

    static final String DIRECT_32 = "remote server direct, batch-32 calls";
    static final String DIRECT_1 = "remote server direct, batch-1 calls";
    static final String OFF = "inference-svc, batching off (max_batch_size 1)";
    static final String ON = "inference-svc, dynamic batching on";
    static final int DIMENSION = EmbeddingsScenario.DIMENSION;

    private final BenchContext context;
    private final String endpoint;
    private final List<String> texts;
    private final Points points = new Points();
    private final AtomicInteger next = new AtomicInteger();
    private InferenceClient direct;

    public RemoteEmbeddingsScenario(BenchContext context, String endpoint) {
        this.context = context;
        this.endpoint = endpoint;
        // The first word range's mix, the same generated questions as the in-process scenario.
        BenchmarkOptions.WordRange words = context.options().wordRanges().get(0);
        this.texts = SampleQuestions.generate(512, 20240611L, words.min(), words.max());
    }

    @Override
    public String title() {
        return "Embeddings on a remote server (" + endpoint + "), questions of " + context.options().wordRanges().get(0) + " words";
    }

    @Override
    public void prepare() throws Exception {
        int colon = endpoint.lastIndexOf(':');
        direct = new InferenceClient(endpoint.substring(0, colon), Integer.parseInt(endpoint.substring(colon + 1)));
        int inFlight = BenchModels.REMOTE_EMBEDDER_INSTANCES;
        // Every path compiled (JIT) and every batch shape seen by the remote before anything is timed.
        WarmUpCalls.async(texts.size() / EmbeddingsScenario.OFFLINE_BATCH * 4, inFlight, this::directBatch);
        for (String model : List.of(BenchModels.REMOTE_EMBEDDER_UNBATCHED, BenchModels.REMOTE_EMBEDDER_BATCHED)) {
            WarmUpCalls.async(texts.size() + context.options().warmupRequests(), EmbeddingsScenario.OFFLINE_BATCH,
                    () -> context.client().embedAsync(model, pick(), DIMENSION));
        }
    }

    private CompletableFuture<CallOutcome> directBatch() {
        List<String> batch = new ArrayList<>(EmbeddingsScenario.OFFLINE_BATCH);
        for (int i = 0; i < EmbeddingsScenario.OFFLINE_BATCH; i++) {
            batch.add(pick());
        }
        return direct.embedBatchAsync(BenchModels.REMOTE_EMBEDDER_MODEL, batch);
    }

    @Override
    public void measure(int run) throws Exception {
        var generator = context.generator();
        LoadMode.Concurrency inFlight = new LoadMode.Concurrency(BenchModels.REMOTE_EMBEDDER_INSTANCES);
        points.add(generator.measureAsync(DIRECT_32, new LoadMode.Concurrency(1), this::directBatch));
        points.add(generator.measureAsync(DIRECT_32, inFlight, this::directBatch));
        points.add(generator.measureAsync(DIRECT_1, inFlight, () -> direct.embedBatchAsync(BenchModels.REMOTE_EMBEDDER_MODEL, List.of(pick()))));
        for (int clients : context.options().embeddingConcurrency()) {
            points.add(generator.measureAsync(OFF, new LoadMode.Concurrency(clients),
                    () -> context.client().embedAsync(BenchModels.REMOTE_EMBEDDER_UNBATCHED, pick(), DIMENSION)));
            points.add(generator.measureAsync(ON, new LoadMode.Concurrency(clients),
                    () -> context.client().embedAsync(BenchModels.REMOTE_EMBEDDER_BATCHED, pick(), DIMENSION)));
        }
    }

    private String pick() {
        return texts.get(Math.floorMod(next.getAndIncrement(), texts.size()));
    }

    @Override
    public Section report(Path out) throws Exception {
        List<Measurement> medians = points.medians();
        List<Integer> concurrency = context.options().embeddingConcurrency();
        LoadMode top = new LoadMode.Concurrency(concurrency.get(concurrency.size() - 1));
        LoadMode inFlight = new LoadMode.Concurrency(BenchModels.REMOTE_EMBEDDER_INSTANCES);
        // Each run's points are compared with each other, never with another run's.
        SideBySide onOff = points.sideBySide(ON, top, OFF, top, (on, off) -> on.itemsPerSecond() / off.itemsPerSecond());
        // 32 clients keep at most 32 texts in flight: the remote's own rate with 32 in flight, one batch-32 call at a time,
        // is what batching them can reach. With more batches in flight than clients could fill it is higher (shown, not compared).
        LoadMode one = new LoadMode.Concurrency(1);
        SideBySide onDirect = points.sideBySide(ON, top, DIRECT_32, one, (on, d) -> 100 * on.itemsPerSecond() / d.itemsPerSecond());
        // Both with the same calls in flight.
        double directGain = points.median(DIRECT_32, inFlight).itemsPerSecond() / points.median(DIRECT_1, inFlight).itemsPerSecond();
        String scenario = "remote embeddings " + context.options().wordRanges().get(0) + " words";
        List<Target> targets = List.of(
                Target.atLeast(scenario, "batching on / off, texts/s at " + top + " (per run " + onOff.list() + ")", onOff.median(), 1.8, "x"),
                Target.atLeast(scenario, "batching on at " + top + " / the remote server's own rate, one batch-32 call at a time (per run " + onDirect.list() + ")",
                        onDirect.median(), 80, "%"));
        String chart = "remote-embeddings.png";
        BarChart.write(out.resolve(chart), "embeddings on the remote server, texts/s", "texts/s", medians, Measurement::itemsPerSecond);
        String text = String.format(Locale.ROOT, """
                ### %s

                512 generated questions. Remote rows: the benchmark calls the KServe v2 server at %s itself, model `%s`,
                each call a raw BYTES tensor of 32 texts or of one; one batch-32 call at a time holds as many texts in flight as
                32 clients can, so it is the rate batching them is compared with. Server rows: one text per gRPC ModelInfer to
                inference-svc, whose models `%s` (max_batch_size 1) and `%s` (max_batch_size %d, preferred batch sizes %s,
                max queue delay %d µs) forward each batch as one ModelInfer to that server (engine triton, task embed, %d
                instances: batches in flight). With as many calls in flight as those instances, the remote server's own batch-32 rate is %.2fx its batch-1 rate.

                %s
                ![texts/s](%s)
                """, title(), endpoint, BenchModels.REMOTE_EMBEDDER_MODEL,
                BenchModels.REMOTE_EMBEDDER_UNBATCHED, BenchModels.REMOTE_EMBEDDER_BATCHED, BenchModels.EMBEDDING_MAX_BATCH,
                BenchModels.embeddingPreferredBatches(BenchModels.REMOTE_EMBEDDER_INSTANCES), BenchModels.EMBEDDING_DELAY_MICROS,
                BenchModels.REMOTE_EMBEDDER_INSTANCES, directGain, MarkdownTable.render(medians), chart);
        return new Section(text, targets);
    }

    @Override
    public void close() throws Exception {
        if (direct != null) {
            direct.close();
        }
    }
}
