package dev.quire.bench.scenario;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import dev.quire.bench.GenerationBenchmark;
import dev.quire.bench.load.LoadMode;
import dev.quire.bench.load.Measurement;
import dev.quire.bench.load.Points;
import dev.quire.bench.report.BarChart;
import dev.quire.bench.report.MarkdownTable;
import dev.quire.bench.server.BenchModels;

/**
 * Generation with the ~50M-parameter random model through the server: streamed gRPC requests at
 * each concurrency, continuous batching over the model's llama.cpp slots, every answer exactly
 * max_tokens long (ignore_eos).
 */
public final class GenerationScenario implements Scenario {

    static final String LABEL = "gRPC stream, ~50M model, " + BenchModels.LLM_50M_SLOTS + " slots";

    private final BenchContext context;
    private final Points points = new Points();
    private final AtomicInteger next = new AtomicInteger();

    public GenerationScenario(BenchContext context) {
        this.context = context;
    }

    @Override
    public String title() {
        return "Generation, ~50M-parameter model";
    }

    @Override
    public void prepare() throws Exception {
        for (String prompt : GenerationBenchmark.PROMPTS) {
            context.client().generate(BenchModels.LLM_50M, prompt, context.options().maxTokens());
        }
    }

    @Override
    public void measure(int run) throws Exception {
        var generator = context.generator(context.options().generationSeconds());
        int maxTokens = context.options().maxTokens();
        for (int clients : context.options().generationConcurrency()) {
            points.add(generator.measure(LABEL, new LoadMode.Concurrency(clients), () -> context.client().generate(BenchModels.LLM_50M,
                    GenerationBenchmark.PROMPTS.get(Math.floorMod(next.getAndIncrement(), GenerationBenchmark.PROMPTS.size())), maxTokens)));
        }
    }

    @Override
    public Section report(Path out) throws Exception {
        List<Measurement> medians = points.medians();
        BarChart.write(out.resolve("generation.png"), "~50M random model over gRPC, output tokens/s", "tokens/s", medians,
                Measurement::outputTokensPerSecond);
        String text = String.format(Locale.ROOT, """
                ### %s

                Model `%s`: random llama weights, %s (%,d parameters, f32, file %s), %d llama.cpp slots, context %d per slot,
                %d thread(s). Greedy, max_tokens %d with ignore_eos, so every answer is exactly %d tokens; output tokens/s =
                answers/s x %d. Window %.0f s per point (these requests take seconds). TTFT is measured at the client (first streamed
                piece); ITL per answer = (last piece - first piece) / (tokens - 1), median over answers, because llama.cpp streams a
                character made of several byte tokens as one piece.

                %s
                ![output tokens/s](generation.png)
                """, title(), BenchModels.LLM_50M, ModelFiles.SHAPE_50M.tag(), context.models().params50m(),
                context.models().model50m().map(p -> p.getFileName().toString()).orElse("-"), BenchModels.LLM_50M_SLOTS,
                BenchModels.LLM_50M_CONTEXT, context.options().llmThreads(), context.options().maxTokens(), context.options().maxTokens(),
                context.options().maxTokens(), context.options().generationSeconds(), MarkdownTable.render(medians));
        return new Section(text, List.of());
    }
}
