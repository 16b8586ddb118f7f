package dev.quire.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * What a user does with {@code ./quire up}: start the launcher, wait for "Quire is up.", press
 * Ctrl-C (SIGINT), and expect every process it started to be gone.
 */
class MeshLauncherTest {

    @Test
    void ctrlCStopsEveryProcessTheLauncherStarted() throws Exception {
        Path home = Path.of(System.getProperty("quire.home", "..")).toAbsolutePath().normalize();
        // env resets SIGINT, which a build started in the background by a non-interactive shell (`mvn verify &` in a
        // script) passes on ignored: a JVM that starts with SIGINT ignored keeps it so, and Ctrl-C would do nothing.
        List<String> command = List.of("env", "--default-signal=INT", KafkaBroker.javaBinary(), "-Xmx256m",
                "-Dquire.home=" + home, "-Dquire.run-dir=" + home.resolve("mesh/target/launcher-run"),
                "-Dquire.port-offset=20000",
                "-cp", System.getProperty("java.class.path"), MeshMain.class.getName());
        Process launcher = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        CompletableFuture<Boolean> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    synchronized (output) {
                        output.add(line);
                    }
                    if (line.equals(MeshMain.READY_LINE)) {
                        ready.complete(true);
                    }
                }
            } catch (Exception e) {
                ready.completeExceptionally(e);
            }
            ready.complete(false);
        });
        reader.start();
        try {
            assertTrue(ready.get(4, TimeUnit.MINUTES), () -> "the launcher never said it was up:\n" + joined(output));
            List<ProcessHandle> children = launcher.toHandle().descendants().toList();
            assertEquals(5, children.size(), () -> "Kafka and four services run as children: " + children);

            // What the terminal sends on Ctrl-C.
            Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(launcher.pid())).start();
            assertEquals(0, kill.waitFor());

            assertTrue(launcher.waitFor(60, TimeUnit.SECONDS), "the launcher exits after Ctrl-C");
            for (ProcessHandle child : children) {
                assertTrue(child.onExit().get(30, TimeUnit.SECONDS) != null && !child.isAlive(), "child " + child.pid() + " stopped");
            }
            reader.join(5000);
            assertTrue(joined(output).contains("Stopped every process."), joined(output));
        } finally {
            launcher.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
        }
    }

    private static String joined(List<String> output) {
        synchronized (output) {
            return String.join("\n", output);
        }
    }
}
