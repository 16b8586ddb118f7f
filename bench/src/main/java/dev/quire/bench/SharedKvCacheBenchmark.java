package dev.quire.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.quire.bench.load.CallOutcome;
import dev.quire.bench.load.LoadGenerator;
import dev.quire.bench.load.LoadMode;
import dev.quire.bench.load.Measurement;
import dev.quire.bench.load.Points;
import dev.quire.bench.load.StreamTimer;
import dev.quire.bench.report.MachineDescription;
import dev.quire.bench.report.MarkdownTable;
import dev.quire.bench.scenario.ModelFiles;
import dev.quire.bench.server.BenchModels;
import dev.quire.inference.engine.GenerationOptions;
import dev.quire.inference.engine.LlamaCppEngine;
import dev.quire.inference.engine.LlamaCppSettings;

/**
 * Why llama.cpp engines run with flash attention by default: one request's decoding speed on slot 0
 * of the ~50M model (the benchmark's 8 slots, context 512 each) while the other slots are empty and
 * after each of them has cached a long answer, with flash attention on and off. The slots share one
 * KV cache; without flash attention every step attends over all cells in use, the other slots'
 * included. Every run loads both engines afresh (a slot's cells, once used, are not given back in
 * one piece) and alternates which goes first; the report gives medians over the runs.
 *
 * <pre>mvn -B -q -pl bench exec:java -Dbench.main=dev.quire.bench.SharedKvCacheBenchmark -Dexec.args="--runs=3"</pre>
 */
public final class SharedKvCacheBenchmark {

    private static final LoadMode.Concurrency ONE = new LoadMode.Concurrency(1);
    /** As the benchmark's served ~50M model (its --llm-threads default). */
    private static final int THREADS = 1;
    /** Tokens of a slot left for a prompt beside the cached or generated answer (the prompts here take ~20-40). */
    private static final int PROMPT_ROOM = 64;
    private static final String PROMPT = GenerationBenchmark.PROMPTS.get(0);

    private SharedKvCacheBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchLogging.infoAndAbove();
        Map<String, String> given = GenerationBenchmark.parse(args, List.of("runs", "seconds", "max-tokens", "fill-tokens", "out"));
        int runs = Integer.parseInt(given.getOrDefault("runs", "3"));
        double seconds = Double.parseDouble(given.getOrDefault("seconds", "6"));
        int maxTokens = Integer.parseInt(given.getOrDefault("max-tokens", "64"));
        int fillTokens = Integer.parseInt(given.getOrDefault("fill-tokens", "400"));
        Path out = Path.of(given.getOrDefault("out", System.getProperty("quire.bench.out", "target/bench")));
        for (var option : Map.of("fill-tokens", fillTokens, "max-tokens", maxTokens).entrySet()) {
            if (option.getValue() < 2 || option.getValue() + PROMPT_ROOM > BenchModels.LLM_50M_CONTEXT) {
                throw new IllegalArgumentException("--" + option.getKey() + " must be 2.." + (BenchModels.LLM_50M_CONTEXT - PROMPT_ROOM)
                        + " (a slot holds " + BenchModels.LLM_50M_CONTEXT + " tokens, prompt included), got " + option.getValue());
            }
        }
        Path model = ModelFiles.obtain(ModelFiles.defaultCacheDir(), true).model50m().orElseThrow();
        LoadGenerator generator = new LoadGenerator(Duration.ofSeconds(1), Duration.ofMillis((long) (seconds * 1000)));
        String full = "other " + (BenchModels.LLM_50M_SLOTS - 1) + " slots holding " + fillTokens + " tokens each";
        Points points = new Points();
        for (int run = 1; run <= runs; run++) {
            for (boolean flash : run % 2 == 1 ? new boolean[] {true, false} : new boolean[] {false, true}) {
                String engine = "flash attention " + (flash ? "on" : "off");
                System.err.printf(Locale.ROOT, "run %d/%d: %s%n", run, runs, engine);
                try (LlamaCppEngine llama = LlamaCppEngine.load(model,
                        new LlamaCppSettings(BenchModels.LLM_50M_CONTEXT, BenchModels.LLM_50M_SLOTS, THREADS, flash))) {
                    LoadGenerator.Call onSlotZero = () -> generate(llama, PROMPT, maxTokens, 0);
                    points.add(generator.measure(engine + ", other slots empty", ONE, onSlotZero));
                    for (int slot = 1; slot < BenchModels.LLM_50M_SLOTS; slot++) {
                        generate(llama, GenerationBenchmark.PROMPTS.get(slot % GenerationBenchmark.PROMPTS.size()) + " " + slot, fillTokens, slot);
                    }
                    points.add(generator.measure(engine + ", " + full, ONE, onSlotZero));
                }
            }
        }
        List<Measurement> medians = points.medians();
        String report = String.format(Locale.ROOT, """
                ### One request beside the other slots' cached answers (~50M model, llama.cpp in-process) — %s

                %s, %d llama.cpp thread(s), %d slots of %d tokens, greedy, max_tokens %d with ignore_eos on slot 0, one client,
                %.1f s per point after 1 s warm-up, median of %d runs (each run loads both engines afresh, alternating which goes first).

                %s""", Instant.now(), MachineDescription.cpus(), THREADS, BenchModels.LLM_50M_SLOTS, BenchModels.LLM_50M_CONTEXT,
                maxTokens, seconds, runs, MarkdownTable.render(medians));
        System.out.println(report);
        Files.createDirectories(out);
        Files.writeString(out.resolve("shared-kv-cache.md"), report);
        // llama.cpp leaves a native non-daemon thread behind after close().
        System.exit(0);
    }

    private static CallOutcome generate(LlamaCppEngine engine, String prompt, int tokens, int slot) {
        StreamTimer timer = new StreamTimer(System.nanoTime());
        engine.generateOnSlot(prompt, GenerationOptions.greedy(tokens).withIgnoreEos(true), timer.sink(), slot);
        return timer.outcome(tokens);
    }
}
