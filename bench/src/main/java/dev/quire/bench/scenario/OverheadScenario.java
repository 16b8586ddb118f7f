package dev.quire.bench.scenario;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import dev.quire.bench.GenerationBenchmark;
import dev.quire.bench.load.CallOutcome;
import dev.quire.bench.load.LoadGenerator;
import dev.quire.bench.load.LoadMode;
import dev.quire.bench.load.Measurement;
import dev.quire.bench.load.Points;
import dev.quire.bench.load.SideBySide;
import dev.quire.bench.load.StreamTimer;
import dev.quire.bench.load.WarmUpCalls;
import dev.quire.bench.report.BarChart;
import dev.quire.bench.report.MarkdownTable;
import dev.quire.bench.report.Target;
import dev.quire.bench.server.BenchModels;
import dev.quire.inference.engine.GenerationOptions;
import dev.quire.inference.engine.LlamaCppEngine;
import dev.quire.inference.engine.LlamaCppSettings;
import dev.quire.inference.engine.onnx.EmbeddingSettings;
import dev.quire.inference.engine.onnx.OnnxEmbeddingEngine;
import dev.quire.inference.model.SlotRouter;

/**
 * What the service adds: the same engine, model file, settings and requests called in this JVM and
 * through inference-svc over gRPC (scheduler, gRPC, protobuf), one client, the two sides measured
 * one after the other and never at the same time.
 */
public final class OverheadScenario implements Scenario {

    static final String BIG_DIRECT = "llama.cpp in-process (~50M model, 8 slots)";
    static final String BIG_GRPC = "inference-svc gRPC ModelStreamInfer (~50M model, same settings)";
    static final String LLM_DIRECT = "llama.cpp in-process (tiny model, 1 slot)";
    static final String LLM_GRPC = "inference-svc gRPC ModelStreamInfer (same model and settings)";
    static final String LLM_GRPC_WHOLE = "inference-svc gRPC ModelInfer, whole answer";
    static final String ONNX_DIRECT = "ONNX embedder in-process (max batch 1)";
    static final String ONNX_GRPC = "inference-svc gRPC ModelInfer (same engine and settings)";
    static final LoadMode.Concurrency ONE = new LoadMode.Concurrency(1);
    /**
     * Throughput is what a saturated engine delivers: at one client every added microsecond of a
     * millisecond-long call shows as lost throughput, though the engine idles meanwhile. Four clients
     * keep the tiny model's slot and both ONNX instances busy on both sides.
     */
    static final LoadMode.Concurrency SATURATED = new LoadMode.Concurrency(4);
    static final int SATURATED_WARMUP_CALLS = 20_000;
    /**
     * The ~50M model's turns: one call settles the side in, four are counted. One more than the prompts,
     * so that the uncounted call falls on another prompt every turn.
     */
    static final int BIG_CALLS_PER_TURN = GenerationBenchmark.PROMPTS.size() + 1;
    static final int BIG_TURN_PAIRS = 4;

    private final BenchContext context;
    private final Points points = new Points();
    private final TransportFloor floor;
    /** The embedder's instances during the gRPC points: idle gaps or longer calls. */
    private final InstanceBusyMeter onnxBusyOne;
    private final InstanceBusyMeter onnxBusy;
    private final AtomicInteger cursor = new AtomicInteger();
    private final List<String> texts = SampleQuestions.generate(512, 20240611L, 5, 40);
    /** Short texts: the same code paths as the measured texts at a fraction of the engine's time per call. */
    private final List<String> warmupTexts = SampleQuestions.generate(64, 20240612L, 2, 4);
    private LlamaCppEngine llama;
    private LlamaCppEngine big;
    private final SlotRouter bigSlots = new SlotRouter(BenchModels.LLM_50M_SLOTS);
    private OnnxEmbeddingEngine onnx;

    public OverheadScenario(BenchContext context) {
        this.context = context;
        this.floor = new TransportFloor(context.client());
        // BenchModels gives embedder_unbatched one instance per core.
        this.onnxBusyOne = new InstanceBusyMeter(context.client().channel(), BenchModels.EMBEDDER_UNBATCHED, context.cores());
        this.onnxBusy = new InstanceBusyMeter(context.client().channel(), BenchModels.EMBEDDER_UNBATCHED, context.cores());
    }

    @Override
    public String title() {
        return "Overhead of the service: in-process engine vs inference-svc over gRPC";
    }

    @Override
    public void prepare() throws Exception {
        llama = LlamaCppEngine.load(context.models().tiny(), new LlamaCppSettings(BenchModels.TINY_CONTEXT, BenchModels.TINY_SLOTS, BenchModels.TINY_THREADS));
        big = LlamaCppEngine.load(context.models().model50m().orElseThrow(),
                new LlamaCppSettings(BenchModels.LLM_50M_CONTEXT, BenchModels.LLM_50M_SLOTS, context.options().llmThreads()));
        // The server's engine onnx builds its settings the same way from max_batch_size 1 and threads 1.
        EmbeddingSettings defaults = EmbeddingSettings.defaults();
        onnx = OnnxEmbeddingEngine.miniLm(new EmbeddingSettings(1, defaults.maxTokens(), 1, defaults.lengthBuckets()));
        // Thousands of calls down every measured path: until both JVMs have compiled it, the side measured
        // first pays for the JIT (a trivial gRPC call takes ~1.5 ms cold and ~0.3 ms warm on this machine).
        int maxTokens = context.options().maxTokens();
        for (int i = 0; i < context.options().warmupRequests(); i++) {
            embedInProcess(text());
            context.client().embed(BenchModels.EMBEDDER_UNBATCHED, text(), EmbeddingsScenario.DIMENSION);
            generateDirect(llama, prompt());
            context.client().generate(BenchModels.LLM_TINY, prompt(), maxTokens);
            context.client().generateWholeAsync(BenchModels.LLM_TINY, prompt(), maxTokens).join();
        }
        floor.warmUp(context.options().warmupRequests());
        warmUpOnnxSaturated();
        // The ~50M model's requests take most of a second: its few warm-up calls only load the slots' caches.
        for (String prompt : GenerationBenchmark.PROMPTS) {
            generateRouted(prompt);
            context.client().generate(BenchModels.LLM_50M_OVERHEAD, prompt, maxTokens);
        }
    }

    @Override
    public void measure(int run) throws Exception {
        var generator = context.generator();
        int maxTokens = context.options().maxTokens();
        // Its calls take most of a second and the machine drifts by more than what the sides differ in over
        // ten seconds: short turns (A B B A ...), in-process first in odd runs and over gRPC first in even ones.
        LoadGenerator.Call bigDirect = () -> generateRouted(prompt());
        LoadGenerator.Call bigGrpc = () -> context.client().generate(BenchModels.LLM_50M_OVERHEAD, prompt(), maxTokens);
        boolean directFirst = run % 2 == 1;
        LoadGenerator.alternate(directFirst ? BIG_DIRECT : BIG_GRPC, directFirst ? bigDirect : bigGrpc,
                directFirst ? BIG_GRPC : BIG_DIRECT, directFirst ? bigGrpc : bigDirect,
                BIG_CALLS_PER_TURN, context.unlessQuick(BIG_TURN_PAIRS)).forEach(points::add);
        // The tiny model's one-client rows in the order in-process, streamed, whole, whole, streamed, in-process:
        // a drift of the machine that is linear over the six windows falls on each row alike (measured once each,
        // the whole answer came two windows after the in-process side).
        LoadGenerator.Call tinyDirectCall = () -> generateDirect(llama, prompt());
        LoadGenerator.Call tinyStreamed = () -> context.client().generate(BenchModels.LLM_TINY, prompt(), maxTokens);
        LoadGenerator.AsyncCall tinyWhole = () -> context.client().generateWholeAsync(BenchModels.LLM_TINY, prompt(), maxTokens);
        Measurement tinyDirect = points.add(generator.measure(LLM_DIRECT, ONE, tinyDirectCall));
        points.add(generator.measure(LLM_GRPC, ONE, tinyStreamed));
        points.add(generator.measureAsync(LLM_GRPC_WHOLE, ONE, tinyWhole));
        points.add(generator.measureAsync(LLM_GRPC_WHOLE, ONE, tinyWhole));
        points.add(generator.measure(LLM_GRPC, ONE, tinyStreamed));
        points.add(generator.measure(LLM_DIRECT, ONE, tinyDirectCall));
        // Each ONNX point starts at the first text, so both sides embed the same texts in the same order: their
        // lengths (5-40 words) set the time per call, and two windows of ~200 calls drawn on from a shared cursor
        // differed in the texts they got.
        fromFirstText();
        Measurement onnxDirect = generator.measure(ONNX_DIRECT, ONE, () -> embedInProcess(text()));
        points.add(onnxDirect);
        fromFirstText();
        onnxBusyOne.measure(() -> points.add(generator.measureAsync(ONNX_GRPC, ONE, () -> embedOverGrpc(text()))));
        floor.measure(tinyDirect.p50Ms(), onnxDirect.p50Ms());
        points.add(generator.measure(LLM_DIRECT, SATURATED, () -> generateDirect(llama, prompt())));
        points.add(generator.measureAsync(LLM_GRPC_WHOLE, SATURATED, () -> context.client().generateWholeAsync(BenchModels.LLM_TINY, prompt(), maxTokens)));
        fromFirstText();
        points.add(generator.measure(ONNX_DIRECT, SATURATED, () -> embedInProcess(text())));
        fromFirstText();
        onnxBusy.measure(() -> points.add(generator.measureAsync(ONNX_GRPC, SATURATED, () -> embedOverGrpc(text()))));
    }

    /**
     * Both ONNX sides at the saturated point's concurrency, {@value #SATURATED_WARMUP_CALLS} calls each.
     * Code run once per call reaches C2 only after 5,000-15,000 calls (HotSpot's tier-4 thresholds) and runs
     * C1-compiled with profiling until then; branches that the one-at-a-time warm-up above never took
     * (a queue that already holds requests, an instance busy) are compiled as traps and recompiled
     * when first taken. A server log with -XX:+PrintCompilation showed both during the measured ONNX
     * points (gRPC's per-call code reached C2 after ~200 s), and the C2 threads took 4-17% of a core.
     */
    private void warmUpOnnxSaturated() throws InterruptedException {
        int calls = saturatedWarmupCalls();
        long started = System.nanoTime();
        WarmUpCalls.onThreads(calls, SATURATED.clients(), () -> embedInProcess(warmupText()));
        long inProcess = System.nanoTime();
        WarmUpCalls.async(calls, SATURATED.clients(), () -> embedOverGrpc(warmupText()));
        System.err.printf(Locale.ROOT, "  ONNX warm-up at %d clients: %d calls in-process in %.1f s, %d over gRPC in %.1f s%n", SATURATED.clients(),
                calls, (inProcess - started) / 1e9, calls, (System.nanoTime() - inProcess) / 1e9);
    }

    private CallOutcome embedInProcess(String text) {
        return CallOutcome.items(onnx.embed(List.of(text)).size());
    }

    private CompletableFuture<CallOutcome> embedOverGrpc(String text) {
        return context.client().embedAsync(BenchModels.EMBEDDER_UNBATCHED, text, EmbeddingsScenario.DIMENSION);
    }

    /** A smoke run's numbers mean nothing: its few warm-up calls spare it the ~70 s. */
    private int saturatedWarmupCalls() {
        return context.options().quick() ? context.options().warmupRequests() : SATURATED_WARMUP_CALLS;
    }

    /** The request the server runs, made in this JVM: greedy, max_tokens with ignore_eos, pieces timed as they come. */
    private CallOutcome generateDirect(LlamaCppEngine engine, String prompt) {
        StreamTimer timer = new StreamTimer(System.nanoTime());
        engine.generate(prompt, greedy(), timer.sink());
        return timer.outcome(context.options().maxTokens());
    }

    /**
     * {@link #generateDirect} on the ~50M model's slot that the server's prefix routing would choose (the
     * same {@link SlotRouter}): left to itself, llama.cpp sometimes picks a slot without the prompt
     * cached, and the in-process side's first token then waited ~100 ms longer than the server's.
     */
    private CallOutcome generateRouted(String prompt) {
        StreamTimer timer = new StreamTimer(System.nanoTime());
        SlotRouter.Lease lease = bigSlots.acquire(prompt);
        String text = prompt;
        try {
            text = prompt + big.generateOnSlot(prompt, greedy(), timer.sink(), lease.slot()).text();
        } finally {
            bigSlots.release(lease, text);
        }
        return timer.outcome(context.options().maxTokens());
    }

    private GenerationOptions greedy() {
        return GenerationOptions.greedy(context.options().maxTokens()).withIgnoreEos(true);
    }

    private String prompt() {
        return next(GenerationBenchmark.PROMPTS);
    }

    private String warmupText() {
        return next(warmupTexts);
    }

    private String text() {
        return next(texts);
    }

    private void fromFirstText() {
        cursor.set(0);
    }

    /** Round robin over {@code items}, one counter for all lists (calls from several clients at once). */
    private String next(List<String> items) {
        return items.get(Math.floorMod(cursor.getAndIncrement(), items.size()));
    }

    @Override
    public Section report(Path out) throws Exception {
        List<Measurement> medians = points.medians();
        List<Target> targets = new ArrayList<>();
        // The ~50M model: one client already keeps its slots' work far above the service's cost.
        compare(targets, "llama.cpp ~50M, streamed", BIG_DIRECT, BIG_GRPC, ONE);
        addedLatency(targets, "llama.cpp tiny, streamed", LLM_DIRECT, LLM_GRPC);
        compare(targets, "llama.cpp tiny, whole answer", LLM_DIRECT, LLM_GRPC_WHOLE, SATURATED);
        compare(targets, "ONNX embedder", ONNX_DIRECT, ONNX_GRPC, SATURATED);
        Measurement onnxDirectOne = points.median(ONNX_DIRECT, ONE);
        Measurement onnxDirectSaturated = points.median(ONNX_DIRECT, SATURATED);
        Measurement onnxGrpcSaturated = points.median(ONNX_GRPC, SATURATED);
        // The ~50M rows take hundreds of ms and would flatten the others' bars.
        BarChart.write(out.resolve("overhead.png"), "In-process vs over gRPC, median latency (ms), tiny model and ONNX", "ms",
                medians.stream().filter(m -> !m.label().contains("~50M")).toList(), Measurement::p50Ms);
        String text = String.format(Locale.ROOT, """
                ### %s

                One client (concurrency 1), greedy, max_tokens %d with ignore_eos. llama.cpp with the ~50M model: the settings of
                `%s` (%d slots, context %d, %d thread(s), flash attention; a served copy of its own, so that neither engine's slots hold
                the other scenarios' answers) in the benchmark's JVM, each prompt on the slot the server's prefix routing picks (its
                SlotRouter), vs that model over gRPC, streamed; the sides take turns of %d calls
                (A B B A ..., %d pairs of turns per run, in-process first in odd runs), the first call of each turn not counted: the
                machine's memory bandwidth drifts by more than the sides differ within seconds, and two back-to-back windows counted it.
                llama.cpp with the tiny model (%d slot, context %d, %d thread) vs `%s`, streamed (one message per piece) and answered
                whole: its requests take milliseconds, so the service's fixed cost per request weighs most here (the strictest case);
                at one client each of its rows is measured twice per run, in the order in-process, streamed, whole, whole, streamed,
                in-process, so that a drift of the machine over those windows falls on the three rows alike.
                ONNX: all-MiniLM-L6-v2, one text per call, max batch 1, 1 ORT thread, in the benchmark's JVM vs `%s`; texts of 5-40 words,
                each ONNX point starting at the first of the same 512, so that both sides embed the same texts in the same order;
                before measuring, each side ran %d calls of 2-4 words at %d clients (HotSpot compiles per-call code with C2 after 5,000-15,000 calls).
                The unary gRPC rows (ONNX, tiny model whole) keep their calls in flight without a thread per client (perf_analyzer's
                asynchronous mode): a blocked caller thread woken by the transport added ~0.6 ms per call on this VM, on the client.
                Added latency is measured at one client. Lost throughput is measured with the engine saturated (4 clients on both
                sides: the tiny model's slot and both ONNX instances always have work), as perf_analyzer reports a server's
                throughput; at one client a call of a few ms cannot hide a loopback round trip that alone costs ~0.3-1 ms on this
                2-core VM (client and server JVMs share the cores), and the one-client rows show that cost as it is.

                %s

                Inside the server (its own statistics, ModelStatistics compute_infer and execution_count of `%s` over gRPC, read
                before the point's warm-up and after its last answer; a call there is the engine call, handing its answer on, and, when
                it starts an idle instance, the scheduler's hand-off to it; medians over the runs): at one client %s; in-process the
                same call took %.2f ms on average (1 / calls per s). Saturated, %s; in-process, %d threads on the same %d cores took
                %.2f ms of core time per call (cores / calls per s, %.0f calls/s); over gRPC %.2f instance-ms per call (instances /
                calls per s, %.0f calls/s).

                %s
                ![median latency](overhead.png)
                """, title(), context.options().maxTokens(), BenchModels.LLM_50M_OVERHEAD, BenchModels.LLM_50M_SLOTS, BenchModels.LLM_50M_CONTEXT,
                context.options().llmThreads(), BIG_CALLS_PER_TURN, context.unlessQuick(BIG_TURN_PAIRS), BenchModels.TINY_SLOTS, BenchModels.TINY_CONTEXT,
                BenchModels.TINY_THREADS, BenchModels.LLM_TINY, BenchModels.EMBEDDER_UNBATCHED, saturatedWarmupCalls(), SATURATED.clients(),
                MarkdownTable.render(medians),
                BenchModels.EMBEDDER_UNBATCHED, onnxBusyOne.report(), 1000.0 / onnxDirectOne.requestsPerSecond(),
                onnxBusy.report(), SATURATED.clients(), context.cores(), context.cores() * 1000.0 / onnxDirectSaturated.requestsPerSecond(),
                onnxDirectSaturated.requestsPerSecond(), context.cores() * 1000.0 / onnxGrpcSaturated.requestsPerSecond(),
                onnxGrpcSaturated.requestsPerSecond(),
                floor.report());
        return new Section(text, targets);
    }

    /**
     * Throughput lost at {@code throughputLoad} (one client for the ~50M model, whose one client already saturates its
     * work) and latency added at one client, each the median of the comparisons made side by side in every run.
     */
    private void compare(List<Target> targets, String engine, String direct, String grpc, LoadMode.Concurrency throughputLoad) {
        String load = throughputLoad.equals(ONE) ? "one client" : "saturated, " + throughputLoad;
        SideBySide lost = points.sideBySide(direct, throughputLoad, grpc, throughputLoad,
                (d, g) -> 100 * (1 - g.requestsPerSecond() / d.requestsPerSecond()));
        targets.add(Target.atMost("overhead " + engine, "throughput lost over gRPC (" + load + "; per run " + lost.list() + ")",
                lost.median(), 5, "%"));
        addedLatency(targets, engine, direct, grpc);
    }

    /**
     * Latency added at one client, run by run. The tiny model's rows are measured twice per run (in-process, streamed,
     * whole, whole, streamed, in-process): the k-th window of one row is paired with the k-th of the other, so the two
     * pairs of a run meet a drift of the machine from opposite sides.
     */
    private void addedLatency(List<Target> targets, String engine, String direct, String grpc) {
        SideBySide added = points.sideBySide(direct, ONE, grpc, ONE, (d, g) -> g.p50Ms() - d.p50Ms());
        targets.add(Target.atMost("overhead " + engine, "median latency added over gRPC (one client; pairs in run order " + added.list() + ")",
                added.median(), 2, " ms"));
    }

    @Override
    public void close() {
        if (llama != null) {
            llama.close();
        }
        if (big != null) {
            big.close();
        }
        if (onnx != null) {
            onnx.close();
        }
    }
}
