package dev.quire.inference.model;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import dev.quire.inference.gguf.RandomLlamaModelGenerator;
import org.jboss.logging.Logger;

/**
 * Keeps the generated random test model in a cache directory: generated once per seed and format
 * version, reused afterwards. Written to a temporary file and moved into place, so a concurrent
 * process never loads a half-written file.
 */
public final class RandomModelCache {

    private static final Logger LOG = Logger.getLogger(RandomModelCache.class);

    private final Path cacheDir;

    public RandomModelCache(Path cacheDir) {
        this.cacheDir = cacheDir;
    }

    public Path obtain(RandomLlamaModelGenerator generator) throws IOException {
        Path target = cacheDir.resolve(generator.fileName());
        if (Files.isRegularFile(target)) {
            LOG.debugf("reusing the random test model %s", target);
            return target;
        }
        Files.createDirectories(cacheDir);
        Path partial = Files.createTempFile(cacheDir, generator.fileName(), ".partial");
        try {
            generator.write(partial);
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(partial);
        }
        LOG.infof("generated the random test model %s (%d bytes)", target, Files.size(target));
        return target;
    }
}
