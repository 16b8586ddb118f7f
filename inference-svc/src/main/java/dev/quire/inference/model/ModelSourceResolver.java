package dev.quire.inference.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import dev.quire.inference.config.ModelConfig;
import dev.quire.inference.gguf.RandomLlamaModelGenerator;
import org.jboss.logging.Logger;

/** Decides which GGUF file to serve: the configured one, or else the (cached) random test model. */
public final class ModelSourceResolver {

    private static final Logger LOG = Logger.getLogger(ModelSourceResolver.class);

    private final ModelConfig config;

    public ModelSourceResolver(ModelConfig config) {
        this.config = config;
    }

    public ModelSource resolve() throws IOException {
        Optional<Path> configured = config.path();
        if (configured.isPresent()) {
            Path file = configured.get();
            if (!Files.isRegularFile(file)) {
                throw new IOException("quire.model.path points to " + file.toAbsolutePath() + ", which is not a readable file");
            }
            return new ModelSource(file, Optional.empty());
        }
        RandomLlamaModelGenerator generator = new RandomLlamaModelGenerator(config.randomSeed());
        Path file = new RandomModelCache(config.cacheDir()).obtain(generator);
        String warning = "answers come from a randomly initialised test model (seed " + generator.seed() + ", "
                + file.getFileName() + "), not a trained one, so they are meaningless; point QUIRE_MODEL_PATH (quire.model.path) at a real GGUF model";
        LOG.warn("****************************************************************************");
        LOG.warn("* NO MODEL CONFIGURED: serving a RANDOMLY INITIALISED test model.");
        LOG.warnf("* File: %s (seed %d)", file, generator.seed());
        LOG.warn("* Every answer is noise and carries the response parameter quire_warning.");
        LOG.warn("* Set quire.model.path (or QUIRE_MODEL_PATH) to a real GGUF file.");
        LOG.warn("****************************************************************************");
        return new ModelSource(file, Optional.of(warning));
    }
}
