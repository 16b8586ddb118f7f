package dev.quire.inference.model;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.quire.common.QuireException;
import dev.quire.inference.config.ModelConfig;
import dev.quire.inference.metrics.ModelStatistics;
import dev.quire.inference.metrics.StatisticsListener;
import dev.quire.inference.repository.ModelDefinition;
import dev.quire.inference.repository.ModelRepository;
import dev.quire.inference.repository.RepositoryEntry;
import dev.quire.inference.scheduler.BatchingScheduler;
import dev.quire.inference.scheduler.SchedulerCore;
import dev.quire.inference.scheduler.Ticker;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Owns the models of the repository: reads it and loads every valid model in the background at
 * startup (liveness answers while large files load; readiness turns true once every valid model is
 * loaded), and closes them at shutdown (llama.cpp keeps a native thread that would hold the JVM
 * open). A model whose config is malformed or whose load fails is not served; the reason is logged
 * and reported by ModelReady / ModelMetadata / inference calls, and the others are unaffected.
 */
@ApplicationScoped
public class ServedModel {

    private static final Logger LOG = Logger.getLogger(ServedModel.class);

    @Inject
    ModelConfig config;

    /** Model name -> its state; filled once by the loader, read by request threads. */
    private final Map<String, ModelState> models = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile List<String> names = List.of();
    private volatile boolean loadingDone;

    /** The state of one repository entry. */
    private sealed interface ModelState permits Loading, Ready, Failed {
    }

    private record Loading() implements ModelState {
    }

    private record Ready(LoadedModel model) implements ModelState {
    }

    /** @param loadError its engine failed to load (the server is not ready); false: its config is invalid (the others still serve) */
    private record Failed(String reason, boolean loadError) implements ModelState {
    }

    void onStart(@Observes StartupEvent event) {
        // The repository is read now (cheap), so requests during loading get "still loading", not "unknown model".
        List<RepositoryEntry> entries = readRepository();
        Thread loader = new Thread(() -> loadAll(entries), "quire-model-loader");
        loader.setDaemon(true);
        loader.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        for (ModelState state : List.copyOf(models.values())) {
            if (state instanceof Ready ready) {
                ready.model().scheduler().close();
                awaitIdle(ready.model());
                ready.model().loaded().engine().close();
            }
        }
        models.clear();
    }

    private List<RepositoryEntry> readRepository() {
        List<RepositoryEntry> entries;
        try {
            entries = config.repository().isPresent()
                    ? ModelRepository.scan(config.repository().get())
                    : renameBuiltinLlm(ModelRepository.builtin(ServedModel.class.getClassLoader()));
        } catch (IOException e) {
            LOG.errorf("the model repository cannot be read: %s; no model is served", e.getMessage());
            return List.of();
        }
        Map<String, ModelState> initial = new LinkedHashMap<>();
        for (RepositoryEntry entry : entries) {
            initial.put(entry.name(), entry instanceof RepositoryEntry.Invalid invalid
                    ? new Failed("its config is invalid: " + invalid.reason(), false) : new Loading());
        }
        models.putAll(initial);
        names = List.copyOf(initial.keySet());
        return entries;
    }

    /** Running requests stop at their next token; closing the engine under them could crash natively. */
    private static void awaitIdle(LoadedModel model) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (model.scheduler().inFlight() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void loadAll(List<RepositoryEntry> entries) {
        EngineFactory factory = new EngineFactory(EngineFactory.providers(config));
        for (RepositoryEntry entry : entries) {
            if (entry instanceof RepositoryEntry.Valid valid) {
                models.put(entry.name(), load(factory, valid.definition()));
            }
        }
        loadingDone = true;
    }

    /** The built-in repository's generation model is called quire.model.name (default llm). */
    private List<RepositoryEntry> renameBuiltinLlm(List<RepositoryEntry> entries) {
        List<RepositoryEntry> out = new ArrayList<>();
        for (RepositoryEntry e : entries) {
            if (e instanceof RepositoryEntry.Valid v && v.name().equals("llm") && !config.name().equals("llm")) {
                out.add(new RepositoryEntry.Valid(v.definition().withName(config.name())));
            } else {
                out.add(e);
            }
        }
        return out;
    }

    private ModelState load(EngineFactory factory, ModelDefinition definition) {
        long started = System.nanoTime();
        try {
            LoadedEngine loaded = factory.load(definition);
            ModelStatistics stats = new ModelStatistics(definition.name());
            LoadedModel model;
            if (loaded.engine() instanceof ModelEngine.Embedder e) {
                // The dynamic batcher forms batches up to the engine's own limit, by length where padding costs the engine work.
                SchedulerCore<EmbeddingJob> core = new SchedulerCore<>(definition.name(), definition.scheduling(), loaded.slots(),
                        Optional.of(e.engine().maxBatchSize()), Ticker.SYSTEM, LengthGroupCut.forEngine(e.engine()));
                model = new LoadedModel(definition.name(), definition, loaded, new BatchingScheduler<>(core, loaded.slots(),
                        new EmbeddingRunner(e.engine(), stats), new StatisticsListener<>(stats), Ticker.SYSTEM), stats);
            } else {
                ModelEngine.Generator g = (ModelEngine.Generator) loaded.engine();
                SchedulerCore<GenerationJob> core = new SchedulerCore<>(definition.name(), definition.scheduling(), loaded.slots(),
                        definition.maxBatchSize(), Ticker.SYSTEM);
                model = new LoadedModel(definition.name(), definition, loaded, new BatchingScheduler<>(core, loaded.slots(),
                        new GenerationRunner(g.engine(), loaded.slots(), stats, definition.prefixRouting()), new StatisticsListener<>(stats), Ticker.SYSTEM), stats);
            }
            LOG.infof("model '%s' (%s, %s) loaded in %d ms: %d instances, context %d tokens per request, %d priority levels",
                    definition.name(), definition.engine().configName(), definition.source(), (System.nanoTime() - started) / 1_000_000,
                    loaded.slots(), model.contextSize(), definition.scheduling().priorityLevels());
            return new Ready(model);
        } catch (Exception | UnsatisfiedLinkError e) {
            LOG.errorf(e, "model '%s' could not be loaded; it is not served and the server does not become ready", definition.name());
            return new Failed("it failed to load: " + e.getMessage(), true);
        }
    }

    /** Ready once every model with a valid config is loaded (a malformed config does not block it). */
    public boolean isReady() {
        if (!loadingDone || names.isEmpty()) {
            return false;
        }
        return models.values().stream().noneMatch(s -> s instanceof Loading || (s instanceof Failed f && f.loadError()));
    }

    /** Names of the models in the repository (ready or not), in repository order. */
    public List<String> names() {
        return names;
    }

    public boolean serves(String name) {
        return models.containsKey(name);
    }

    /** True when the model can answer now. */
    public boolean isReady(String name) {
        return models.get(name) instanceof Ready;
    }

    /** True when the model will not answer: its config is invalid or its engine failed to load. */
    public boolean hasFailed(String name) {
        return models.get(name) instanceof Failed;
    }

    /** Why the model cannot answer; empty when it can (or when it is unknown). */
    public Optional<String> notReadyReason(String name) {
        ModelState state = models.get(name);
        if (state instanceof Failed f) {
            return Optional.of(f.reason());
        }
        if (state instanceof Loading) {
            return Optional.of("it is still loading");
        }
        return Optional.empty();
    }

    /**
     * One line of the repository index (Triton's RepositoryIndex).
     *
     * @param name   the model
     * @param state  READY, LOADING or UNAVAILABLE
     * @param reason why it is not ready; empty when it is
     */
    public record IndexEntry(String name, String state, String reason) {
    }

    /** Every model of the repository with its state, in repository order. */
    public List<IndexEntry> index() {
        return names.stream().map(n -> {
            ModelState state = models.get(n);
            String label = state instanceof Ready ? "READY" : state instanceof Loading ? "LOADING" : "UNAVAILABLE";
            return new IndexEntry(n, label, notReadyReason(n).orElse(""));
        }).toList();
    }

    /** Every model that can answer now. */
    public List<LoadedModel> ready() {
        return names.stream().map(models::get).filter(s -> s instanceof Ready).map(s -> ((Ready) s).model()).toList();
    }

    /**
     * Checks that a model of that name is served here, ready or not.
     *
     * @throws QuireException.NotFound when none is, naming the loaded models
     */
    public void requireServed(String name) {
        if (!serves(name)) {
            throw new QuireException.NotFound("model '" + name + "' is not served here; loaded models: "
                    + ready().stream().map(LoadedModel::name).toList());
        }
    }

    /**
     * The loaded model of that name.
     *
     * @throws QuireException.NotFound    when no model of that name is served here
     * @throws QuireException.Unavailable while it loads, or when its config or its load failed
     */
    public LoadedModel require(String name) {
        requireServed(name);
        if (models.get(name) instanceof Ready ready) {
            return ready.model();
        }
        throw new QuireException.Unavailable("model '" + name + "' is not ready: " + notReadyReason(name).orElse("unknown"), null);
    }
}
