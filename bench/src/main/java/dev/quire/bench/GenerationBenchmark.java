package dev.quire.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.quire.bench.load.CallOutcome;
import dev.quire.bench.load.LoadGenerator;
import dev.quire.bench.load.LoadMode;
import dev.quire.bench.load.Measurement;
import dev.quire.bench.report.BarChart;
import dev.quire.bench.report.MachineDescription;
import dev.quire.bench.report.MarkdownTable;
import dev.quire.inference.engine.GenerationOptions;
import dev.quire.inference.engine.LlamaCppEngine;
import dev.quire.inference.engine.LlamaCppSettings;
import dev.quire.inference.engine.TokenSink;
import dev.quire.inference.gguf.RandomLlamaModelGenerator;

/**
 * Generation scenario: streaming requests straight into the embedded llama.cpp engine at each
 * concurrency (one parallel slot per client), reporting output tokens/s, time to first token and
 * inter-token latency next to requests/s and latency percentiles. {@code --model} picks the GGUF
 * file; without it the random test model is generated (its answers are noise, its speed is real).
 *
 * <pre>mvn -B -q -pl bench exec:java -Dbench.main=dev.quire.bench.GenerationBenchmark -Dexec.args="--concurrency=1,4,8"</pre>
 */
public final class GenerationBenchmark {

    public static final List<String> PROMPTS = List.of(
            "Write a SQL query that lists the ten customers with the highest total order value last month.",
            "Summarise this change for a commit message: the scheduler now rejects requests when the queue is full.",
            "Which tables hold the invoices that are unpaid after thirty days?",
            "Explain in one sentence what a dynamic batcher does.");

    private GenerationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchLogging.infoAndAbove();
        Map<String, String> given = parse(args, List.of("seconds", "warmup", "runs", "max-tokens", "threads", "concurrency", "out", "model"));
        double seconds = Double.parseDouble(given.getOrDefault("seconds", "5"));
        double warmup = Double.parseDouble(given.getOrDefault("warmup", "1"));
        int runs = Integer.parseInt(given.getOrDefault("runs", "3"));
        int maxTokens = Integer.parseInt(given.getOrDefault("max-tokens", "64"));
        int threads = Integer.parseInt(given.getOrDefault("threads", "1"));
        List<Integer> concurrency = java.util.Arrays.stream(given.getOrDefault("concurrency", "1,4,8").split(",")).map(String::strip).map(Integer::valueOf).toList();
        Path out = Path.of(given.getOrDefault("out", System.getProperty("quire.bench.out", "target/bench")));
        Path model = given.containsKey("model") ? Path.of(given.get("model")) : randomModel(out);

        int slots = concurrency.stream().mapToInt(Integer::intValue).max().orElse(1);
        LoadGenerator generator = new LoadGenerator(Duration.ofMillis((long) (warmup * 1000)), Duration.ofMillis((long) (seconds * 1000)));
        Map<String, List<Measurement>> results = new LinkedHashMap<>();
        LlamaCppEngine engine = LlamaCppEngine.load(model, new LlamaCppSettings(512, slots, threads));
        try {
            AtomicInteger next = new AtomicInteger();
            GenerationOptions options = GenerationOptions.greedy(maxTokens);
            for (int run = 1; run <= runs; run++) {
                System.err.printf(Locale.ROOT, "run %d/%d%n", run, runs);
                for (int clients : concurrency) {
                    Measurement m = generator.measure("llama.cpp in-process, " + slots + " slots", new LoadMode.Concurrency(clients),
                            () -> streamOne(engine, PROMPTS.get(Math.floorMod(next.getAndIncrement(), PROMPTS.size())), options));
                    results.computeIfAbsent(m.mode(), k -> new ArrayList<>()).add(m);
                    System.err.printf(Locale.ROOT, "  %-16s %7.1f tok/s  TTFT p50 %.1f ms  ITL p50 %.2f ms%n", m.mode(), m.outputTokensPerSecond(), m.ttftP50Ms(), m.itlP50Ms());
                }
            }
        } finally {
            engine.close();
        }
        List<Measurement> medians = results.values().stream().map(Measurement::median).toList();
        String report = String.format(Locale.ROOT, """
                ### Generation (%s, llama.cpp in-process) — %s

                %s, %d llama.cpp thread(s), %d slots, greedy, max_tokens %d, %.1f s per point after %.1f s warm-up,
                median of %d runs (the machine is shared with other jobs). A piece streamed by the engine counts as one token.

                %s""", model.getFileName(), Instant.now(), MachineDescription.cpus(), threads, slots, maxTokens,
                seconds, warmup, runs, MarkdownTable.render(medians));
        System.out.println(report);
        Files.createDirectories(out);
        Files.writeString(out.resolve("generation.md"), report);
        BarChart.write(out.resolve("generation.png"), "Generation, output tokens/s (median of " + runs + " runs)", "tokens/s",
                medians, Measurement::outputTokensPerSecond);
        // llama.cpp leaves a native non-daemon thread behind after close().
        System.exit(0);
    }

    /** One streamed request: first-token time and the gaps between pieces, measured as they arrive. */
    private static CallOutcome streamOne(LlamaCppEngine engine, String prompt, GenerationOptions options) {
        long start = System.nanoTime();
        long[] last = {start};
        long[] first = {-1};
        List<Long> gaps = new ArrayList<>();
        engine.generate(prompt, options, new TokenSink() {
            @Override
            public void accept(String piece) {
                long now = System.nanoTime();
                if (first[0] < 0) {
                    first[0] = now - start;
                } else {
                    gaps.add(now - last[0]);
                }
                last[0] = now;
            }
        });
        int tokens = gaps.size() + (first[0] >= 0 ? 1 : 0);
        return new CallOutcome(1, tokens, first[0], gaps.stream().mapToLong(Long::longValue).toArray());
    }

    private static Path randomModel(Path out) throws Exception {
        RandomLlamaModelGenerator generator = new RandomLlamaModelGenerator(20240611L);
        Path file = out.resolve(generator.fileName());
        if (!Files.exists(file)) {
            Files.createDirectories(out);
            generator.write(file);
        }
        return file;
    }

    /** {@code --name=value} arguments; a name outside {@code known} is an error listing them. */
    static Map<String, String> parse(String[] args, List<String> known) {
        Map<String, String> given = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("arguments look like --name=value; got '" + arg + "'");
            }
            String name = arg.substring(2, arg.indexOf('='));
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "; known: " + known);
            }
            given.put(name, arg.substring(arg.indexOf('=') + 1));
        }
        return given;
    }
}
