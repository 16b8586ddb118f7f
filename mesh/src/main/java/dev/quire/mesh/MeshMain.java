package dev.quire.mesh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code ./quire up}: runs the whole mesh in the foreground until Ctrl-C, which stops every
 * process it started. Settings come as system properties: {@code quire.home} (repository root),
 * {@code quire.run-dir}, {@code quire.model.path} (a real GGUF instead of the generated test model),
 * {@code quire.port-offset} (added to every default port).
 */
public final class MeshMain {

    /** Printed once everything answers ready; the launcher test waits for it. */
    static final String READY_LINE = "Quire is up.";

    private MeshMain() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("quire.home", ".")).toAbsolutePath().normalize();
        Path runDir = Path.of(System.getProperty("quire.run-dir", home.resolve(".quire").toString()));
        Map<String, String> extra = new LinkedHashMap<>();
        String modelPath = System.getProperty("quire.model.path", System.getenv("QUIRE_MODEL_PATH"));
        if (modelPath != null && !modelPath.isBlank()) {
            extra.put("quire.model.path", Path.of(modelPath).toAbsolutePath().toString());
        }
        // Every port moves by the offset, so a second mesh can run beside the first.
        MeshPorts ports = MeshPorts.defaults().shiftedBy(Integer.getInteger("quire.port-offset", 0));
        Mesh mesh = new Mesh(home, runDir, ports, extra);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping the Quire mesh...");
            mesh.close();
            System.out.println("Stopped every process.");
        }, "quire-mesh-shutdown"));
        try {
            mesh.start(Duration.ofMinutes(3));
        } catch (Exception e) {
            System.err.println("The mesh could not start: " + e.getMessage());
            System.exit(1);
        }
        int port = mesh.ports().gatewayHttp();
        System.out.println();
        System.out.println(READY_LINE);
        System.out.println("  SQL web client   http://localhost:" + port + "/");
        System.out.println("  Gateway API      http://localhost:" + port + "/v1/...");
        System.out.println("  inference-svc    KServe v2: HTTP localhost:" + mesh.ports().inferenceHttp()
                + ", gRPC localhost:" + mesh.ports().inferenceGrpc() + ", metrics localhost:" + mesh.ports().inferenceMetrics());
        System.out.println("  Kafka            " + mesh.ports().kafkaBootstrap());
        System.out.println("  Logs             " + mesh.runDir().resolve("logs"));
        if (modelPath == null || modelPath.isBlank()) {
            System.out.println();
            System.out.println("  WARNING: no model configured, answers come from a RANDOMLY INITIALISED test model.");
            System.out.println("           Set QUIRE_MODEL_PATH=/path/to/model.gguf to use a real one.");
        }
        System.out.println();
        System.out.println("Press Ctrl-C to stop.");
        Thread.currentThread().join();
    }
}
