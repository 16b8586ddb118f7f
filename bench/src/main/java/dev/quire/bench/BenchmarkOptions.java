package dev.quire.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Options of {@link InferenceBenchmark}, {@code --name=value} (and the flag {@code --quick}).
 * {@code --quick} changes the defaults to a smoke run; options given explicitly still win.
 *
 * @param seconds              measured window of each point
 * @param warmupSeconds        warm-up before each window
 * @param warmupRequests       requests sent down every path of the overhead and burst scenarios before anything is
 *                             measured: both JVMs must have compiled the path (JIT), or the first one measured pays for it
 * @param runs                 interleaved runs; every point reports the median
 * @param generationSeconds    window of the 50M-model generation points (their requests take seconds)
 * @param routingSeconds       window of the routing points (a prefill of 1,500 tokens takes hundreds of ms; the side
 *                             without routing needs enough requests that chance hits of its cache do not set its p50)
 * @param scenarios            which scenarios run, in the order of {@link #ALL_SCENARIOS}
 * @param wordRanges           text mixes of the embeddings scenario (words per question)
 * @param embeddingConcurrency client counts of the embeddings scenario
 * @param generationConcurrency client counts of the generation scenario
 * @param maxTokens            tokens every generation answer has (ignore_eos)
 * @param llmThreads           llama.cpp threads of the 50M model
 * @param routingClients       concurrent clients of the routing scenario
 * @param firstPort            HTTP port of the server; gRPC and metrics take the next two
 * @param out                  where the report and charts go
 * @param quick                a smoke run
 * @param remoteEmbedder       {@code host:port} of a KServe v2 server serving model {@code minilm} (the GPU
 *                             stand-in in {@code bench/gpu/}): scenario remote-embeddings needs it, no other reads it
 */
public record BenchmarkOptions(double seconds, double warmupSeconds, int warmupRequests, int runs, double generationSeconds, double routingSeconds,
                               List<String> scenarios,
                               List<WordRange> wordRanges, List<Integer> embeddingConcurrency, List<Integer> generationConcurrency,
                               int maxTokens, int llmThreads, int routingClients, int firstPort, Path out, boolean quick,
                               Optional<String> remoteEmbedder) {

    public static final List<String> ALL_SCENARIOS = List.of("embeddings", "generation", "routing", "overhead", "burst");
    /** Scenarios that run only when named, since they need a server outside the benchmark. */
    public static final List<String> ON_DEMAND_SCENARIOS = List.of("remote-embeddings");
    static final Set<String> KNOWN = Set.of("seconds", "warmup", "warmup-requests", "runs", "generation-seconds", "routing-seconds", "scenarios", "words", "concurrency",
            "generation-concurrency", "max-tokens", "llm-threads", "routing-clients", "port", "out", "quick", "remote-embedder");

    /** Questions of {@code min} to {@code max} words. */
    public record WordRange(int min, int max) {
        public WordRange {
            if (min < 1 || max < min) {
                throw new IllegalArgumentException("a word range needs 1 <= MIN <= MAX, got " + min + "-" + max);
            }
        }

        static WordRange parse(String text) {
            String[] parts = text.strip().split("-");
            if (parts.length != 2) {
                throw new IllegalArgumentException("--words takes MIN-MAX ranges separated by commas, e.g. 3-12,5-40; got '" + text + "'");
            }
            return new WordRange(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
        }

        @Override
        public String toString() {
            return min + "-" + max;
        }
    }

    public boolean runs(String scenario) {
        return scenarios.contains(scenario);
    }

    public static BenchmarkOptions parse(String... args) {
        Map<String, String> given = new LinkedHashMap<>();
        for (String arg : args) {
            if (arg.equals("--quick")) {
                given.put("quick", "true");
                continue;
            }
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("arguments look like --name=value (or --quick); got '" + arg + "'");
            }
            String name = arg.substring(2, arg.indexOf('='));
            if (!KNOWN.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "; known: " + KNOWN.stream().sorted().toList());
            }
            given.put(name, arg.substring(arg.indexOf('=') + 1));
        }
        boolean quick = Boolean.parseBoolean(given.getOrDefault("quick", "false"));
        List<String> scenarios = list(given.getOrDefault("scenarios", String.join(",", ALL_SCENARIOS)));
        for (String s : scenarios) {
            if (!ALL_SCENARIOS.contains(s) && !ON_DEMAND_SCENARIOS.contains(s)) {
                throw new IllegalArgumentException("unknown scenario '" + s + "'; known: " + ALL_SCENARIOS + " and, when named, " + ON_DEMAND_SCENARIOS);
            }
        }
        Optional<String> remoteEmbedder = Optional.ofNullable(given.get("remote-embedder")).map(String::strip);
        if (scenarios.contains("remote-embeddings") != remoteEmbedder.isPresent()) {
            throw new IllegalArgumentException("scenario remote-embeddings and --remote-embedder=HOST:PORT go together: the scenario measures "
                    + "the KServe v2 server there (see bench/gpu/), and no other scenario reads the option");
        }
        if (remoteEmbedder.isPresent() && !remoteEmbedder.get().matches("[^:/\\s]+:\\d{1,5}")) {
            throw new IllegalArgumentException("--remote-embedder takes HOST:PORT of a KServe v2 gRPC server, got '" + remoteEmbedder.get() + "'");
        }
        BenchmarkOptions options = new BenchmarkOptions(
                positive(given, "seconds", quick ? "1" : "3"),
                number(given, "warmup", quick ? "0.5" : "1"),
                (int) number(given, "warmup-requests", quick ? "20" : "1500"),
                (int) positive(given, "runs", quick ? "1" : "3"),
                positive(given, "generation-seconds", quick ? "4" : "10"),
                // Without routing a request takes ~1 s and one in three finds its schema cached by chance: ~28 per window.
                positive(given, "routing-seconds", quick ? "4" : "20"),
                Stream.concat(ALL_SCENARIOS.stream(), ON_DEMAND_SCENARIOS.stream()).filter(scenarios::contains).toList(),
                list(given.getOrDefault("words", quick ? "3-12" : "3-12,5-40")).stream().map(WordRange::parse).toList(),
                integers(given.getOrDefault("concurrency", "1,8,32")),
                integers(given.getOrDefault("generation-concurrency", "1,4,8")),
                (int) positive(given, "max-tokens", quick ? "16" : "64"),
                // One thread: llama.cpp's threads wait for each other every step, which costs dearly on a busy 2-core machine.
                (int) positive(given, "llm-threads", "1"),
                // One client: a cold 1,500-token prefill of another client's request would delay this one's first token.
                (int) positive(given, "routing-clients", "1"),
                (int) positive(given, "port", "28500"),
                Path.of(given.getOrDefault("out", System.getProperty("quire.bench.out", "target/bench"))),
                quick, remoteEmbedder);
        if (options.maxTokens() < 2) {
            throw new IllegalArgumentException("--max-tokens must be at least 2 (inter-token latency needs two tokens), got " + options.maxTokens());
        }
        return options;
    }

    private static List<String> list(String text) {
        List<String> out = new ArrayList<>();
        Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(out::add);
        if (out.isEmpty()) {
            throw new IllegalArgumentException("expected a comma-separated list, got '" + text + "'");
        }
        return out;
    }

    private static List<Integer> integers(String text) {
        List<Integer> values = list(text).stream().map(Integer::valueOf).toList();
        if (values.stream().anyMatch(v -> v < 1)) {
            throw new IllegalArgumentException("concurrency values must be >= 1, got " + values);
        }
        return values;
    }

    private static double number(Map<String, String> given, String name, String fallback) {
        String raw = given.getOrDefault(name, fallback);
        try {
            double value = Double.parseDouble(raw);
            if (value >= 0 && Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--" + name + " must be a number >= 0, got '" + raw + "'");
    }

    private static double positive(Map<String, String> given, String name, String fallback) {
        double value = number(given, name, fallback);
        if (value <= 0) {
            throw new IllegalArgumentException("--" + name + " must be > 0, got " + value);
        }
        return value;
    }
}
