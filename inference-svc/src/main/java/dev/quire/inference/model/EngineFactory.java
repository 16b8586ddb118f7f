package dev.quire.inference.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.quire.inference.config.ModelConfig;
import dev.quire.inference.engine.LlamaCppEngine;
import dev.quire.inference.engine.LlamaCppSettings;
import dev.quire.inference.repository.EngineKind;
import dev.quire.inference.repository.ModelDefinition;

/**
 * The one place that picks an engine from a model's config. llama.cpp is built in; other engines
 * register an {@link EngineProvider} in {@link #providers(ModelConfig)}.
 */
public final class EngineFactory {

    private final Map<EngineKind, EngineProvider> providers = new EnumMap<>(EngineKind.class);

    public EngineFactory(List<EngineProvider> providers) {
        providers.forEach(p -> this.providers.put(p.kind(), p));
    }

    /** Every engine this build can run. */
    public static List<EngineProvider> providers(ModelConfig config) {
        return List.of(new LlamaCppProvider(config));
    }

    public LoadedEngine load(ModelDefinition definition) throws Exception {
        EngineProvider provider = providers.get(definition.engine());
        if (provider == null) {
            throw new IllegalStateException(definition.source() + ": engine '" + definition.engine().configName()
                    + "' is not available in this build; available engines: "
                    + providers.keySet().stream().map(EngineKind::configName).toList());
        }
        return provider.load(definition);
    }

    /** Embedded llama.cpp; a model without 'file' serves quire.model.path or the random test model. */
    static final class LlamaCppProvider implements EngineProvider {

        private final ModelConfig config;

        LlamaCppProvider(ModelConfig config) {
            this.config = config;
        }

        @Override
        public EngineKind kind() {
            return EngineKind.LLAMA_CPP;
        }

        @Override
        public LoadedEngine load(ModelDefinition definition) throws Exception {
            ModelSource source;
            if (definition.file().isPresent()) {
                Path file = definition.file().get();
                if (!Files.isRegularFile(file)) {
                    throw new java.io.IOException(definition.source() + ": field 'file' points to " + file.toAbsolutePath() + ", which is not a readable file");
                }
                source = new ModelSource(file, Optional.empty());
            } else {
                source = new ModelSourceResolver(config).resolve();
            }
            LlamaCppSettings settings = new LlamaCppSettings(definition.contextSize().orElse(config.contextSize()),
                    definition.instances().orElse(config.parallel()), definition.threads().orElse(config.threads()));
            LlamaCppEngine engine = LlamaCppEngine.load(source.file(), settings);
            return new LoadedEngine(engine, settings.parallel(), "llama.cpp", source.warning());
        }
    }
}
