package dev.quire.mesh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.quire.process.ChildProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

/**
 * A real Apache Kafka broker in KRaft mode (broker and controller in one JVM), started from the
 * kafka_2.13 jars that the quire-kafka-broker module resolves. No Docker, no ZooKeeper.
 */
final class KafkaBroker implements AutoCloseable {

    /** Topics of the mesh and their partition counts: partitions are the unit of consumer scale-out. */
    static final Map<String, Integer> TOPICS = Map.of(
            "quire.sql.requests", 3,
            "quire.commit.requests", 3,
            "quire.replies", 3);

    private final ChildProcess process;
    private final MeshPorts ports;

    private KafkaBroker(ChildProcess process, MeshPorts ports) {
        this.process = process;
        this.ports = ports;
    }

    static KafkaBroker start(Path home, Path runDir, MeshPorts ports, Duration timeout) throws IOException, InterruptedException {
        String classpath = brokerClasspath(home);
        Path dataDir = runDir.resolve("kafka-data");
        Path config = runDir.resolve("kafka-server.properties");
        Files.createDirectories(runDir);
        Files.writeString(config, serverProperties(ports, dataDir), StandardCharsets.UTF_8);
        if (!Files.exists(dataDir.resolve("meta.properties"))) {
            format(classpath, config, runDir);
        }
        List<String> command = List.of(javaBinary(), "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC",
                "-cp", classpath, "kafka.Kafka", config.toString());
        ChildProcess process = ChildProcess.start("kafka", command, runDir, runDir.resolve("logs/kafka.log"));
        KafkaBroker broker = new KafkaBroker(process, ports);
        try {
            broker.awaitReadyAndCreateTopics(timeout);
        } catch (RuntimeException | InterruptedException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    String bootstrap() {
        return ports.kafkaBootstrap();
    }

    ChildProcess process() {
        return process;
    }

    private void awaitReadyAndCreateTopics(Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        // Until the port is bound an admin client logs "Connection to node -1 could not be established"
        // for every refused connection, on the user's console; once it is, the admin client waits for the broker to serve.
        process.awaitPort(ports.kafkaListener(), timeout);
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, ports.kafkaBootstrap());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        Exception last = null;
        while (System.nanoTime() < until) {
            process.requireRunning();
            try (Admin admin = Admin.create(props)) {
                Set<String> existing = admin.listTopics().names().get(5, TimeUnit.SECONDS);
                List<NewTopic> missing = new ArrayList<>();
                TOPICS.forEach((name, partitions) -> {
                    if (!existing.contains(name)) {
                        missing.add(new NewTopic(name, partitions, (short) 1));
                    }
                });
                if (!missing.isEmpty()) {
                    admin.createTopics(missing).all().get(10, TimeUnit.SECONDS);
                }
                return;
            } catch (ExecutionException | java.util.concurrent.TimeoutException | org.apache.kafka.common.KafkaException e) {
                last = e;
                Thread.sleep(300);
            }
        }
        throw new IllegalStateException("the Kafka broker did not become ready within " + timeout.toSeconds() + " s: "
                + (last == null ? "" : last.getMessage()) + "\n" + process.tail(30));
    }

    private static void format(String classpath, Path config, Path runDir) throws IOException, InterruptedException {
        List<String> command = List.of(javaBinary(), "-cp", classpath, "kafka.tools.StorageTool", "format",
                "-t", Uuid.randomUuid().toString(), "-c", config.toString(), "--standalone");
        Path log = runDir.resolve("logs/kafka-format.log");
        Files.createDirectories(log.getParent());
        Process format = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
            format.destroyForcibly();
            throw new IllegalStateException("formatting the Kafka storage failed; see " + log + ":\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
    }

    private static String serverProperties(MeshPorts ports, Path dataDir) {
        return String.join("\n",
                "# Written by the Quire mesh launcher on every start.",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=" + MeshPorts.HOST + ":" + ports.kafkaController(),
                "listeners=PLAINTEXT://" + ports.kafkaBootstrap() + ",CONTROLLER://" + MeshPorts.HOST + ":" + ports.kafkaController(),
                "advertised.listeners=PLAINTEXT://" + ports.kafkaBootstrap(),
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dataDir,
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=3",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=false",
                "num.partitions=3",
                "log.retention.hours=24",
                "");
    }

    private static String brokerClasspath(Path home) {
        Path file = home.resolve("kafka-broker/target/broker-classpath.txt");
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("the broker classpath " + file + " is missing: build first (mvn -B install -DskipTests)", e);
        }
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Override
    public void close() {
        process.close();
    }

    static String describe(Map<String, Integer> topics) {
        return topics.entrySet().stream().map(e -> e.getKey() + "(" + e.getValue() + ")").sorted().collect(Collectors.joining(", "));
    }
}
