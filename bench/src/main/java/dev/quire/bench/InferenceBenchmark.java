package dev.quire.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import dev.quire.bench.grpc.InferenceClient;
import dev.quire.bench.report.MachineDescription;
import dev.quire.bench.report.Target;
import dev.quire.bench.scenario.BenchContext;
import dev.quire.bench.scenario.BurstScenario;
import dev.quire.bench.scenario.EmbeddingsScenario;
import dev.quire.bench.scenario.GenerationScenario;
import dev.quire.bench.scenario.ModelFiles;
import dev.quire.bench.scenario.OverheadScenario;
import dev.quire.bench.scenario.RemoteEmbeddingsScenario;
import dev.quire.bench.scenario.RoutingScenario;
import dev.quire.bench.scenario.Scenario;
import dev.quire.bench.server.BenchModels;
import dev.quire.bench.server.CompilerThreads;
import dev.quire.bench.server.ModelRepositoryWriter;
import dev.quire.process.InferenceServerProcess;

/**
 * The benchmark of issue 3: starts the real inference-svc as a child process over a model
 * repository written for the run, and measures every scenario side by side through its gRPC
 * surface (plus the in-process baselines), interleaving {@code --runs} runs and reporting medians.
 * Writes {@code inference.md} and PNG charts under {@code --out} and prints the table of targets
 * with PASS/FAIL. The child process is stopped on every exit path.
 *
 * <pre>mvn -B -q -pl bench exec:java -Dbench.main=dev.quire.bench.InferenceBenchmark -Dexec.args="--quick"</pre>
 */
public final class InferenceBenchmark {

    /**
     * G1 with a fixed 1 GiB heap: G1 may let the young generation grow to 60% of it, and in the burst scenario
     * young pauses (4-20 ms on these two shared cores) came far less often than with a 256 MB start.
     */
    static final List<String> SERVER_MEMORY = List.of("-XX:+UseG1GC", "-Xms1g", "-Xmx1g");
    static final int COMPILER_NICE = 10;

    private InferenceBenchmark() {
    }

    public static void main(String[] args) {
        BenchLogging.infoAndAbove();
        int status = 0;
        try {
            run(BenchmarkOptions.parse(args));
        } catch (Throwable e) {
            e.printStackTrace();
            status = 1;
        }
        // llama.cpp leaves a native non-daemon thread behind after close().
        System.exit(status);
    }

    static void run(BenchmarkOptions options) throws Exception {
        long started = System.nanoTime();
        Path out = options.out().toAbsolutePath();
        Files.createDirectories(out);
        ModelFiles models = ModelFiles.obtain(ModelFiles.defaultCacheDir(), options.runs("generation") || options.runs("overhead"));
        int cores = Runtime.getRuntime().availableProcessors();
        // Under --out, so the configs of the last run can be read; rewritten by every run.
        Path repository = out.resolve("model-repository");
        deleteTree(repository);
        List<ModelRepositoryWriter.ModelFolder> served = new ArrayList<>(BenchModels.repository(options.runs("embeddings"), options.runs("generation"),
                options.runs("routing"), options.runs("overhead"), options.runs("burst"), models.tiny(),
                models.model50m().orElse(models.tiny()), cores, options.llmThreads()));
        options.remoteEmbedder().ifPresent(endpoint -> served.addAll(BenchModels.remoteEmbedders(endpoint)));
        ModelRepositoryWriter.write(repository, served);
        InferenceServerProcess.Ports ports = new InferenceServerProcess.Ports(options.firstPort(), options.firstPort() + 1, options.firstPort() + 2);
        List<Scenario.Section> sections = new ArrayList<>();
        String compilerThreadsNote;
        try (InferenceServerProcess server = InferenceServerProcess.start(InferenceServerProcess.findJar(), repository, ports, out.resolve("inference-svc.log"),
                serverArguments())) {
            System.err.println("started inference-svc (pid " + server.pid() + ", log " + server.log() + "); waiting until its models are loaded");
            server.awaitReady(Duration.ofMinutes(5));
            compilerThreadsNote = setCompilerThreadsNice(server.pid());
            try (InferenceClient client = new InferenceClient("127.0.0.1", ports.grpcPort())) {
                BenchContext context = new BenchContext(options, client, ports, models, cores);
                sections.addAll(measure(context, scenarios(context)));
            }
        }
        String report = report(options, models, compilerThreadsNote, sections, Duration.ofNanos(System.nanoTime() - started));
        Files.writeString(out.resolve("inference.md"), report);
        System.out.println(report);
        System.err.println("wrote " + out.resolve("inference.md") + " and its charts");
    }

    private static List<Scenario> scenarios(BenchContext context) {
        BenchmarkOptions options = context.options();
        List<Scenario> scenarios = new ArrayList<>();
        if (options.runs("embeddings")) {
            options.wordRanges().forEach(words -> scenarios.add(new EmbeddingsScenario(context, words)));
        }
        if (options.runs("generation")) {
            scenarios.add(new GenerationScenario(context));
        }
        if (options.runs("routing")) {
            scenarios.add(new RoutingScenario(context));
        }
        if (options.runs("overhead")) {
            scenarios.add(new OverheadScenario(context));
        }
        if (options.runs("burst")) {
            scenarios.add(new BurstScenario(context));
        }
        options.remoteEmbedder().ifPresent(endpoint -> scenarios.add(new RemoteEmbeddingsScenario(context, endpoint)));
        return scenarios;
    }

    /** Prepares every scenario, then runs them interleaved: run 1 of each, run 2 of each, ... */
    private static List<Scenario.Section> measure(BenchContext context, List<Scenario> scenarios) throws Exception {
        try {
            for (Scenario s : scenarios) {
                System.err.println("preparing: " + s.title());
                s.prepare();
            }
            for (int run = 1; run <= context.options().runs(); run++) {
                for (Scenario s : scenarios) {
                    System.err.printf(Locale.ROOT, "run %d/%d: %s%n", run, context.options().runs(), s.title());
                    s.measure(run);
                }
            }
            List<Scenario.Section> sections = new ArrayList<>();
            for (Scenario s : scenarios) {
                sections.add(s.report(context.options().out().toAbsolutePath()));
            }
            return sections;
        } finally {
            for (Scenario s : scenarios) {
                s.close();
            }
        }
    }

    /**
     * Both JVMs' JIT compiler threads at nice {@value #COMPILER_NICE} (see {@link CompilerThreads}), for every
     * scenario: the value cannot be lowered again without privilege. Returns what was done, for the report.
     * A failure is reported, not fatal: the numbers are then measured without it.
     */
    private static String setCompilerThreadsNice(long serverPid) throws InterruptedException {
        return String.format(Locale.ROOT, "JIT compiler threads at nice %d: %s in the server, %s in the load generator", COMPILER_NICE,
                setCompilerThreadsNice("server", serverPid), setCompilerThreadsNice("load generator", ProcessHandle.current().pid()));
    }

    private static String setCompilerThreadsNice(String process, long pid) throws InterruptedException {
        if (!System.getProperty("os.name").startsWith("Linux")) {
            return "not set (Linux only)";
        }
        try {
            return CompilerThreads.setNice(pid, COMPILER_NICE) + " thread(s)";
        } catch (IOException | RuntimeException e) {
            System.err.println("WARNING: the " + process + "'s JIT compiler threads keep their priority: " + e);
            return "not set (" + e.getMessage() + ")";
        }
    }

    private static List<String> serverArguments() {
        List<String> arguments = new ArrayList<>(SERVER_MEMORY);
        arguments.addAll(List.of("-Dquarkus.http.host=127.0.0.1", "-Dquarkus.grpc.server.host=127.0.0.1"));
        return arguments;
    }

    static String report(BenchmarkOptions options, ModelFiles models, String compilerThreads, List<Scenario.Section> sections, Duration took)
            throws IOException {
        List<Target> targets = sections.stream().flatMap(s -> s.targets().stream()).toList();
        String load = Files.exists(Path.of("/proc/loadavg")) ? Files.readString(Path.of("/proc/loadavg")).strip() : "n/a";
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, """
                ## inference-svc benchmark — %s

                %s; scenarios %s; %.1f s per point (generation %.1f s, routing %.1f s) after %.1f s warm-up, median of %d
                interleaved run(s)%s; took %d s; load average when done: %s (other jobs share this machine).
                Server: inference-svc's packaged jar as a child process (%s), KServe v2 gRPC on 127.0.0.1; %s.
                Models: tiny random GGUF %s, ~50M random GGUF %s (%,d parameters).

                ### Targets

                A target that compares two points is the median of the comparisons made within each run, where the two were
                measured side by side (the values in parentheses, in run order), never one side's median against the other's:
                those can come from different runs, and the machine drifts between runs by more than some targets allow.

                %s
                """, Instant.now(), MachineDescription.cpus(), options.scenarios(), options.seconds(),
                options.generationSeconds(), options.routingSeconds(), options.warmupSeconds(), options.runs(),
                options.quick() ? " (--quick smoke run: numbers are not meaningful)" : "", took.toSeconds(), load,
                String.join(" ", SERVER_MEMORY), compilerThreads, models.tiny().getFileName(), ModelFiles.SHAPE_50M.tag(), models.params50m(), Target.table(targets)));
        for (Scenario.Section section : sections) {
            text.append('\n').append(section.markdown());
        }
        return text.toString();
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
