package dev.quire.process;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real inference-svc, started as a child JVM from its packaged fast-jar with given ports and
 * model repository, its output in a log file (the benchmark, and the tests that drive it with
 * other projects' clients). Closing it asks politely (SIGTERM, so Quarkus closes the engines) and
 * then insists; a shutdown hook does the same when the parent JVM exits any other way
 * (System.exit, Ctrl-C), so the child never outlives its parent.
 */
public final class InferenceServerProcess implements AutoCloseable {

    /**
     * @param httpPort    KServe HTTP (readiness is polled here)
     * @param grpcPort    KServe gRPC
     * @param metricsPort Prometheus
     */
    public record Ports(int httpPort, int grpcPort, int metricsPort) {
    }

    private final ChildProcess process;
    private final Ports ports;
    private final Thread shutdownHook;

    private InferenceServerProcess(ChildProcess process, Ports ports) {
        this.process = process;
        this.ports = ports;
        this.shutdownHook = new Thread(process::close, "stop-inference-svc");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Finds inference-svc's packaged jar below the repository root, or beside the current module's folder. */
    public static Path findJar() {
        for (Path root : List.of(Path.of(""), Path.of(".."))) {
            Path jar = root.resolve("inference-svc/target/quarkus-app/quarkus-run.jar").toAbsolutePath().normalize();
            if (Files.isRegularFile(jar)) {
                return jar;
            }
        }
        throw new IllegalStateException("inference-svc/target/quarkus-app/quarkus-run.jar is missing below "
                + Path.of("").toAbsolutePath() + ": build first (mvn -B -q install -DskipTests)");
    }

    /** Starts the server; call {@link #awaitReady} before sending work. */
    public static InferenceServerProcess start(Path jar, Path repository, Ports ports, Path log, List<String> jvmOptions) throws IOException {
        // A server left over on these ports would answer the readiness probe and be measured instead.
        FreePorts.require("127.0.0.1", "", ports.httpPort(), ports.grpcPort(), ports.metricsPort());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        Map.of("quarkus.http.port", ports.httpPort(),
                "quarkus.grpc.server.port", ports.grpcPort(),
                "quire.metrics.port", ports.metricsPort())
                .forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-Dquire.model.repository=" + repository.toAbsolutePath());
        command.add("-jar");
        command.add(jar.toString());
        return new InferenceServerProcess(ChildProcess.start("inference-svc", command, Path.of("").toAbsolutePath(), log), ports);
    }

    public Path log() {
        return process.log();
    }

    public long pid() {
        return process.pid();
    }

    /** Waits until /v2/health/ready answers 200 (every model loaded); fails early when the process dies. */
    public void awaitReady(Duration timeout) throws InterruptedException {
        process.awaitReady(URI.create("http://127.0.0.1:" + ports.httpPort() + "/v2/health/ready"), timeout);
    }

    @Override
    public void close() {
        process.close();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs (or ran) close(), which is idempotent
        }
    }
}
