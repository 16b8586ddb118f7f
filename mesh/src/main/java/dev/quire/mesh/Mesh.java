package dev.quire.mesh;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.quire.process.FreePorts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole Quire mesh on one machine: a KRaft Kafka broker, then inference-svc, sqlchat-svc,
 * gitcommit-svc and the gateway, each its own JVM with its log under {@code runDir/logs}.
 * Closing the mesh stops every process it started, in reverse order.
 */
public final class Mesh implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Mesh.class);

    private final Path home;
    private final Path runDir;
    private final MeshPorts ports;
    private final Map<String, String> extraProperties;
    private KafkaBroker broker;
    private final Map<String, QuarkusService> services = new LinkedHashMap<>();

    /**
     * @param home            the repository root (where the modules were built)
     * @param runDir          where logs and Kafka data go
     * @param extraProperties system properties given to every service (e.g. a real model path)
     */
    public Mesh(Path home, Path runDir, MeshPorts ports, Map<String, String> extraProperties) {
        this.home = home.toAbsolutePath().normalize();
        this.runDir = runDir.toAbsolutePath().normalize();
        this.ports = ports;
        this.extraProperties = Map.copyOf(extraProperties);
    }

    public MeshPorts ports() {
        return ports;
    }

    public Path runDir() {
        return runDir;
    }

    /** Starts everything and returns once every service answers ready; on failure stops what it started. */
    public Mesh start(Duration timeout) throws IOException, InterruptedException {
        FreePorts.require(MeshPorts.HOST, "is another Quire mesh running?", ports.all());
        long started = System.nanoTime();
        try {
            LOG.info("Starting Kafka (KRaft) on {}", ports.kafkaBootstrap());
            broker = KafkaBroker.start(home, runDir, ports, timeout);
            LOG.info("Kafka ready; topics {}", KafkaBroker.describe(KafkaBroker.TOPICS));
            startService("inference-svc", "/v2/health/ready", ports.inferenceHttp(), Map.of(
                    "quarkus.http.port", String.valueOf(ports.inferenceHttp()),
                    "quarkus.grpc.server.port", String.valueOf(ports.inferenceGrpc()),
                    "quire.metrics.port", String.valueOf(ports.inferenceMetrics())));
            startService("sqlchat-svc", "/q/health/ready", ports.sqlchatHttp(), domainServiceProperties(ports.sqlchatHttp()));
            startService("gitcommit-svc", "/q/health/ready", ports.gitcommitHttp(), domainServiceProperties(ports.gitcommitHttp()));
            startService("gateway", "/q/health/ready", ports.gatewayHttp(), Map.of(
                    "quarkus.http.port", String.valueOf(ports.gatewayHttp()),
                    "kafka.bootstrap.servers", ports.kafkaBootstrap()));
            long deadline = started + timeout.toNanos();
            for (QuarkusService service : services.values()) {
                service.awaitReady(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                LOG.info("{} ready", service.name());
            }
            LOG.info("Mesh ready in {} s; logs in {}", Duration.ofNanos(System.nanoTime() - started).toSeconds(), runDir.resolve("logs"));
            // A process that dies later (crash, kill from outside) is news to whoever watches this console.
            broker.process().onUnexpectedExit(code -> LOG.error("Kafka stopped (exit code {}); every service loses its broker. Log: {}",
                    code, broker.process().log()));
            services.values().forEach(s -> s.process().onUnexpectedExit(code -> LOG.error(
                    "{} stopped (exit code {}); the rest of the mesh keeps running without it. Log: {}", s.name(), code, s.process().log())));
            return this;
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private Map<String, String> domainServiceProperties(int httpPort) {
        return Map.of(
                "quarkus.http.port", String.valueOf(httpPort),
                "kafka.bootstrap.servers", ports.kafkaBootstrap(),
                "quarkus.grpc.clients.inference.host", MeshPorts.HOST,
                "quarkus.grpc.clients.inference.port", String.valueOf(ports.inferenceGrpc()));
    }

    private void startService(String module, String readyPath, int httpPort, Map<String, String> properties) throws IOException {
        Map<String, String> all = new LinkedHashMap<>(properties);
        all.putAll(extraProperties);
        URI ready = URI.create("http://" + MeshPorts.HOST + ":" + httpPort + readyPath);
        services.put(module, QuarkusService.start(home, runDir, module, ready, all));
    }

    /** Stops one service (tests use it to prove that a dead dependency gives a clear error). */
    public void stopService(String module) {
        QuarkusService service = services.get(module);
        if (service != null) {
            service.close();
        }
    }

    public void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    /** Process ids of everything running, for the shutdown check. */
    public List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        if (broker != null && broker.process().isAlive()) {
            pids.add(broker.process().pid());
        }
        services.values().stream().filter(s -> s.process().isAlive()).forEach(s -> pids.add(s.process().pid()));
        return pids;
    }

    @Override
    public void close() {
        // First of all: every exit from here on is asked for (Ctrl-C may already be stopping the children).
        services.values().forEach(s -> s.process().expectExit());
        if (broker != null) {
            broker.process().expectExit();
        }
        List<QuarkusService> reversed = new ArrayList<>(services.values());
        java.util.Collections.reverse(reversed);
        // Stop the services in parallel (each waits for its own grace period), then the broker they used.
        reversed.parallelStream().forEach(QuarkusService::close);
        if (broker != null) {
            broker.close();
        }
    }
}
