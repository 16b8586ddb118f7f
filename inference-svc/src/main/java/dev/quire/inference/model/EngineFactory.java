package dev.quire.inference.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import java.net.URI;

import dev.quire.inference.config.ModelConfig;
import dev.quire.inference.engine.onnx.EmbeddingSettings;
import dev.quire.inference.engine.onnx.OnnxEmbeddingEngine;
import dev.quire.inference.engine.remote.OpenAiCompatibleEngine;
import dev.quire.inference.engine.remote.OpenAiSettings;
import dev.quire.inference.engine.remote.RemoteTask;
import dev.quire.inference.engine.remote.RemoteTritonEmbedder;
import dev.quire.inference.engine.remote.RemoteTritonEngine;
import dev.quire.inference.engine.remote.TritonSettings;
import dev.quire.inference.repository.RemoteConfig;
import dev.quire.inference.engine.LlamaCppEngine;
import dev.quire.inference.engine.LlamaCppSettings;
import dev.quire.inference.repository.EngineKind;
import dev.quire.inference.repository.ModelDefinition;

/**
 * The one place that picks an engine from a model's config. llama.cpp is built in; other engines
 * register an {@link EngineProvider} in {@link #providers(ModelConfig)}. Remote engines connect lazily:
 * an unreachable server fails requests with UNAVAILABLE naming it, not the load.
 */
public final class EngineFactory {

    private final Map<EngineKind, EngineProvider> providers = new EnumMap<>(EngineKind.class);

    public EngineFactory(List<EngineProvider> providers) {
        providers.forEach(p -> this.providers.put(p.kind(), p));
    }

    /** Every engine this build can run. */
    public static List<EngineProvider> providers(ModelConfig config) {
        return List.of(new LlamaCppProvider(config), new OnnxProvider(config), new TritonProvider(config), new OpenAiProvider(config));
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
                    definition.instances().orElse(config.parallel()), definition.threads().orElse(config.threads()), definition.flashAttention());
            LlamaCppEngine engine = LlamaCppEngine.load(source.file(), settings);
            return new LoadedEngine(engine, settings.parallel(), "llama.cpp", source.warning());
        }
    }

    /** all-MiniLM-L6-v2 (from the langchain4j artifact) on ONNX Runtime; batches come from the dynamic batcher. */
    static final class OnnxProvider implements EngineProvider {

        /** Batch limit of a model that leaves max_batch_size out. */
        static final int DEFAULT_MAX_BATCH = 32;

        private final ModelConfig config;

        OnnxProvider(ModelConfig config) {
            this.config = config;
        }

        @Override
        public EngineKind kind() {
            return EngineKind.ONNX;
        }

        @Override
        public LoadedEngine load(ModelDefinition definition) {
            if (definition.file().isPresent()) {
                throw new IllegalArgumentException(definition.source() + ": field 'file' is set, but engine onnx serves only the built-in "
                        + "all-MiniLM-L6-v2 sentence embedder; leave 'file' out");
            }
            EmbeddingSettings defaults = EmbeddingSettings.defaults();
            EmbeddingSettings settings = new EmbeddingSettings(definition.maxBatchSize().orElse(DEFAULT_MAX_BATCH),
                    definition.contextSize().map(c -> Math.min(c, EmbeddingSettings.MODEL_POSITION_LIMIT)).orElse(defaults.maxTokens()),
                    definition.threads().orElse(config.threads()), defaults.lengthBuckets());
            return new LoadedEngine(new ModelEngine.Embedder(OnnxEmbeddingEngine.miniLm(settings)), definition.instances().orElse(1),
                    "onnxruntime_onnx", Optional.empty());
        }
    }

    /** A model served by a remote Triton over KServe v2 gRPC: a text generator, or an embedder (task embed). */
    static final class TritonProvider implements EngineProvider {

        /** Triton's gRPC port. */
        static final int DEFAULT_PORT = 8001;

        private final ModelConfig config;

        TritonProvider(ModelConfig config) {
            this.config = config;
        }

        @Override
        public EngineKind kind() {
            return EngineKind.TRITON;
        }

        @Override
        public LoadedEngine load(ModelDefinition definition) {
            URI endpoint = definition.endpoint().orElseThrow();
            String target = endpoint.getHost() + ":" + (endpoint.getPort() > 0 ? endpoint.getPort() : DEFAULT_PORT);
            RemoteConfig remote = definition.remote();
            if (remote.task() == RemoteTask.EMBED) {
                // One instance: a batch at a time, as the onnx embedder; more keep several batches in flight.
                RemoteTritonEmbedder embedder = RemoteTritonEmbedder.connect(target, definition.remoteModel().orElse(definition.name()),
                        definition.maxBatchSize().orElse(OnnxProvider.DEFAULT_MAX_BATCH),
                        definition.contextSize().orElse(EmbeddingSettings.defaults().maxTokens()), remote.timeout());
                return new LoadedEngine(new ModelEngine.Embedder(embedder), definition.instances().orElse(1), "triton:" + target, Optional.empty());
            }
            TritonSettings settings = new TritonSettings(target, definition.remoteModel().orElse(definition.name()), remote.dialect(),
                    definition.contextSize().orElse(config.contextSize()), remote.timeout(), remote.stream());
            return new LoadedEngine(RemoteTritonEngine.connect(settings), definition.instances().orElse(config.parallel()),
                    "triton:" + target, Optional.empty());
        }
    }

    /** A model served by an OpenAI-compatible HTTP server (vLLM, Ollama, llama.cpp server, OpenAI). */
    static final class OpenAiProvider implements EngineProvider {

        private final ModelConfig config;

        OpenAiProvider(ModelConfig config) {
            this.config = config;
        }

        @Override
        public EngineKind kind() {
            return EngineKind.OPENAI;
        }

        @Override
        public LoadedEngine load(ModelDefinition definition) {
            RemoteConfig remote = definition.remote();
            OpenAiSettings settings = new OpenAiSettings(definition.endpoint().orElseThrow(), definition.remoteModel().orElse(definition.name()),
                    remote.api(), OpenAiSettings.apiKey(Optional.empty(), remote.apiKeyEnv()),
                    definition.contextSize().orElse(config.contextSize()), remote.timeout(), remote.stream(), remote.grammarField());
            return new LoadedEngine(OpenAiCompatibleEngine.connect(settings), definition.instances().orElse(config.parallel()),
                    "openai:" + settings.baseUrl(), Optional.empty());
        }
    }
}
