package dev.quire.bench.scenario;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import dev.quire.inference.gguf.RandomLlamaModelGenerator;
import dev.quire.inference.gguf.RandomModelShape;
import dev.quire.inference.model.RandomModelCache;

/**
 * The generated random GGUF models, kept in the same cache as the service's random test model.
 *
 * @param tiny        the tiny test model
 * @param model50m    the ~50M-parameter model; empty when no scenario needs it
 * @param params50m   its parameter count
 */
public record ModelFiles(Path tiny, Optional<Path> model50m, long params50m) {

    public static final long SEED = 20240611L;
    /** About 49M parameters with the random vocabulary: 14 blocks of width 512, 8 heads, feed-forward 1536. */
    public static final RandomModelShape SHAPE_50M = new RandomModelShape(512, 14, 8, 1536, 4096);

    public static ModelFiles obtain(Path cacheDir, boolean need50m) throws IOException {
        RandomModelCache cache = new RandomModelCache(cacheDir);
        Path tiny = cache.obtain(new RandomLlamaModelGenerator(SEED));
        RandomLlamaModelGenerator big = new RandomLlamaModelGenerator(SEED, SHAPE_50M);
        if (!need50m) {
            return new ModelFiles(tiny, Optional.empty(), big.parameterCount());
        }
        System.err.println("using " + cacheDir.resolve(big.fileName()) + " (generated on first use, about 15 s)");
        return new ModelFiles(tiny, Optional.of(cache.obtain(big)), big.parameterCount());
    }

    public static Path defaultCacheDir() {
        return Path.of(System.getProperty("user.home"), ".cache", "quire", "models");
    }
}
