package dev.quire.mesh;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.quire.process.ChildProcess;

/** One of the mesh's Quarkus services, started from its packaged fast-jar and watched until ready. */
final class QuarkusService implements AutoCloseable {

    private final ChildProcess process;
    private final URI readyUrl;

    private QuarkusService(ChildProcess process, URI readyUrl) {
        this.process = process;
        this.readyUrl = readyUrl;
    }

    /**
     * @param module     the Maven module folder under the repository root
     * @param readyUrl   answers 200 once the service can take work
     * @param properties system properties (ports, broker address) given to the service
     */
    static QuarkusService start(Path home, Path runDir, String module, URI readyUrl, Map<String, String> properties)
            throws IOException {
        Path jar = home.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build first (mvn -B install -DskipTests)");
        }
        List<String> command = new ArrayList<>(List.of(KafkaBroker.javaBinary(), "-Xms64m", "-Xmx512m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toString());
        ChildProcess process = ChildProcess.start(module, command, runDir, runDir.resolve("logs/" + module + ".log"));
        return new QuarkusService(process, readyUrl);
    }

    String name() {
        return process.name();
    }

    ChildProcess process() {
        return process;
    }

    void awaitReady(Duration timeout) throws InterruptedException {
        process.awaitReady(readyUrl, timeout);
    }

    @Override
    public void close() {
        process.close();
    }
}
