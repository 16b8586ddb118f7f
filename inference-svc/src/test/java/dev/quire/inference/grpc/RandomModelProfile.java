package dev.quire.inference.grpc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Serves the random test model, generated into a fresh temporary cache directory. */
public class RandomModelProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        try {
            Path cacheDir = Files.createTempDirectory("quire-model-cache-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(cacheDir)));
            return Map.of("quire.model.cache-dir", cacheDir.toString(), "quire.model.path", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a leftover temp directory is harmless
        }
    }
}
