package dev.quire.inference.model;

import java.util.List;
import java.util.Optional;

import dev.quire.common.QuireException;
import dev.quire.inference.config.ModelConfig;
import dev.quire.inference.engine.LlamaCppEngine;
import dev.quire.inference.engine.LlamaCppSettings;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Owns the one model this process serves: loads it in the background at startup (so liveness
 * answers while a large file loads, and readiness turns true only afterwards) and closes it at
 * shutdown. Closing matters: llama.cpp keeps a native thread that would hold the JVM open.
 */
@ApplicationScoped
public class ServedModel {

    private static final Logger LOG = Logger.getLogger(ServedModel.class);

    @Inject
    ModelConfig config;

    private volatile LoadedModel loaded;
    private volatile String loadFailure;

    void onStart(@Observes StartupEvent event) {
        Thread loader = new Thread(this::load, "quire-model-loader");
        loader.setDaemon(true);
        loader.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        LoadedModel model = loaded;
        loaded = null;
        if (model != null) {
            model.engine().close();
        }
    }

    private void load() {
        long started = System.nanoTime();
        try {
            ModelSource source = new ModelSourceResolver(config).resolve();
            LlamaCppSettings settings = new LlamaCppSettings(config.contextSize(), config.parallel(), config.threads());
            LlamaCppEngine engine = LlamaCppEngine.load(source.file(), settings);
            loaded = new LoadedModel(config.name(), engine, source.warning());
            LOG.infof("model '%s' loaded from %s in %d ms (context %d tokens per request, %d slots, %d threads)",
                    config.name(), source.file(), (System.nanoTime() - started) / 1_000_000,
                    settings.contextSize(), settings.parallel(), settings.threads());
        } catch (Exception | UnsatisfiedLinkError e) {
            loadFailure = e.getMessage();
            LOG.errorf(e, "model '%s' could not be loaded; the server stays live but never becomes ready", config.name());
        }
    }

    public boolean isReady() {
        return loaded != null;
    }

    /** Names of the models this process serves (ready or not). */
    public List<String> names() {
        return List.of(config.name());
    }

    public boolean serves(String name) {
        return config.name().equals(name);
    }

    /**
     * The loaded model of that name.
     *
     * @throws QuireException.NotFound    when no model of that name is served here
     * @throws QuireException.Unavailable while it loads, or when loading failed
     */
    public LoadedModel require(String name) {
        if (!serves(name)) {
            throw new QuireException.NotFound("model '" + name + "' is not served here; loaded models: " + names());
        }
        LoadedModel model = loaded;
        if (model == null) {
            String reason = Optional.ofNullable(loadFailure).map(f -> "it failed to load: " + f).orElse("it is still loading");
            throw new QuireException.Unavailable("model '" + name + "' is not ready: " + reason, null);
        }
        return model;
    }
}
