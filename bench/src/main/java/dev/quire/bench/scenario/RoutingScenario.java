package dev.quire.bench.scenario;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import dev.quire.bench.load.CallOutcome;
import dev.quire.bench.load.LoadMode;
import dev.quire.bench.load.Measurement;
import dev.quire.bench.load.Points;
import dev.quire.bench.load.SideBySide;
import dev.quire.bench.report.BarChart;
import dev.quire.bench.report.MarkdownTable;
import dev.quire.bench.report.Target;
import dev.quire.bench.server.BenchModels;
import dev.quire.bench.server.MetricsReader;
import dev.quire.inference.engine.LlamaCppEngine;
import dev.quire.inference.engine.LlamaCppSettings;

/**
 * Repeated-schema prompts: a ~1,500-token system prompt with a database schema shared by many short
 * questions, over a few databases, through two models that differ only in prefix routing. With
 * routing a question goes to the slot that already holds its schema and skips that prefill.
 * The tiny random model is used: its 1,500-token prefill takes hundreds of milliseconds here, while
 * the 50M model's takes tens of seconds, too long to measure enough requests.
 */
public final class RoutingScenario implements Scenario {

    static final int PREFIX_TOKENS = 1500;
    static final int ANSWER_TOKENS = 8;
    static final String ON = "prefix routing on";
    static final String OFF = "prefix routing off (least recently used slot)";

    private final BenchContext context;
    private final Points points = new Points();
    private final AtomicInteger next = new AtomicInteger();
    private final List<String> prefixes = new ArrayList<>();
    private final List<Integer> prefixTokens = new ArrayList<>();

    public RoutingScenario(BenchContext context) {
        this.context = context;
    }

    @Override
    public String title() {
        return "Repeated-schema prompts, prefix routing on vs off";
    }

    @Override
    public void prepare() throws Exception {
        // Token counts as the served model counts them (the same GGUF, loaded briefly in this JVM).
        try (LlamaCppEngine counter = LlamaCppEngine.load(context.models().tiny(), new LlamaCppSettings(BenchModels.ROUTING_CONTEXT, 1, 1))) {
            for (int d = 0; d < SchemaPrompts.domains(); d++) {
                String prefix = SchemaPrompts.prefix(d, PREFIX_TOKENS, counter::countTokens);
                prefixes.add(prefix);
                prefixTokens.add(counter.countTokens(prefix));
                int longest = counter.countTokens(prefix + SchemaPrompts.question(d, 1_000_000)) + ANSWER_TOKENS;
                if (longest >= BenchModels.ROUTING_CONTEXT) {
                    throw new IllegalStateException("a routing prompt needs " + longest + " tokens; the models have " + BenchModels.ROUTING_CONTEXT);
                }
            }
        }
        for (String model : List.of(BenchModels.ROUTING_OFF, BenchModels.ROUTING_ON)) {
            for (int d = 0; d < prefixes.size(); d++) {
                context.client().generate(model, prefixes.get(d) + SchemaPrompts.question(d, -1 - d), ANSWER_TOKENS);
            }
        }
    }

    @Override
    public void measure(int run) throws Exception {
        var generator = context.generator(context.options().routingSeconds());
        LoadMode load = new LoadMode.Concurrency(context.options().routingClients());
        points.add(generator.measure(OFF, load, () -> ask(BenchModels.ROUTING_OFF)));
        points.add(generator.measure(ON, load, () -> ask(BenchModels.ROUTING_ON)));
    }

    /** A question about a database picked at random (seeded by the request number), so slots hold a mix of schemas. */
    private CallOutcome ask(String model) throws InterruptedException {
        int n = next.getAndIncrement();
        int domain = new SplittableRandom(n).nextInt(prefixes.size());
        return context.client().generate(model, prefixes.get(domain) + SchemaPrompts.question(domain, n), ANSWER_TOKENS);
    }

    @Override
    public Section report(Path out) throws Exception {
        List<Measurement> medians = points.medians();
        LoadMode load = new LoadMode.Concurrency(context.options().routingClients());
        SideBySide onOff = points.sideBySide(ON, load, OFF, load, (on, off) -> 100 * on.ttftP50Ms() / off.ttftP50Ms());
        String metrics = new MetricsReader(context.ports().metricsPort()).scrape();
        StringBuilder reuse = new StringBuilder();
        for (String model : List.of(BenchModels.ROUTING_OFF, BenchModels.ROUTING_ON)) {
            double requests = MetricsReader.value(metrics, "quire_prefix_reused_characters_count", model);
            double characters = MetricsReader.value(metrics, "quire_prefix_reused_characters_sum", model);
            reuse.append(String.format(Locale.ROOT, "`%s` %.0f characters on average over %.0f requests; ", model,
                    requests == 0 ? 0.0 : characters / requests, requests));
        }
        BarChart.write(out.resolve("routing.png"), "Repeated-schema prompts, time to first token p50 (ms)", "ms", medians, Measurement::ttftP50Ms);
        String text = String.format(Locale.ROOT, """
                ### %s

                %d databases, each a system prompt plus schema DDL of %s tokens (as the served model tokenizes them), then a short
                distinct question; every request picks a database at random and asks for %d tokens (ignore_eos). Tiny random model
                (%s), models `%s` and `%s`: %d llama.cpp slots, context %d per slot, 1 thread, identical but for `prefix_routing`.
                The databases share the system prompt, not the schema. Without routing a request runs on the least recently used
                slot, which at one client holds the schema of the request %d before: by chance the asked one, one time in %d;
                those requests get their first token as fast as with routing, and the window must count enough requests that they
                do not set the p50 (with 6 s windows, ~8-13 such requests, they did in 2 of 3 runs on 2026-11-30).
                %d client(s), window %.0f s per point. Prompt prefix found in the slot's cache, as the server counted it (warm-up
                included): %s

                %s
                ![TTFT](routing.png)
                """, title(), prefixes.size(), prefixTokens, ANSWER_TOKENS, context.models().tiny().getFileName(), BenchModels.ROUTING_ON,
                BenchModels.ROUTING_OFF, BenchModels.ROUTING_SLOTS, BenchModels.ROUTING_CONTEXT, BenchModels.ROUTING_SLOTS, prefixes.size(),
                context.options().routingClients(),
                context.options().routingSeconds(), reuse, MarkdownTable.render(medians));
        return new Section(text, List.of(Target.atMost("routing", "TTFT p50 with routing / without (per run " + onOff.list() + ")",
                onOff.median(), 25, "%")));
    }
}
