package dev.quire.inference.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

import dev.quire.inference.config.ModelConfig;
import dev.quire.inference.engine.LlamaCppEngine;
import dev.quire.inference.engine.LlamaCppSettings;
import dev.quire.inference.gguf.RandomLlamaModelGenerator;
import dev.quire.inference.repository.ModelConfigParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A llama.cpp model's config reaches the engine it loads: slots, context, threads, flash attention. */
class EngineFactoryTest {

    @TempDir
    Path dir;

    @Test
    void llamaCppSettingsComeFromTheModelsConfigAndTheServiceDefaults() throws Exception {
        Path gguf = dir.resolve("tiny.gguf");
        new RandomLlamaModelGenerator(7).write(gguf);
        assertEquals(new LlamaCppSettings(64, 2, 1, false), loadedSettings("engine=llama.cpp\nfile=" + gguf + "\ninstances=2\ncontext_size=64\nflash_attention=false\n"));
        assertEquals(new LlamaCppSettings(DEFAULTS.contextSize(), DEFAULTS.parallel(), DEFAULTS.threads(), true),
                loadedSettings("engine=llama.cpp\nfile=" + gguf + "\n"), "left out: the service defaults, flash attention on");
    }

    private LlamaCppSettings loadedSettings(String config) throws Exception {
        Properties props = new Properties();
        props.load(new StringReader(config));
        EngineFactory factory = new EngineFactory(EngineFactory.providers(DEFAULTS));
        LoadedEngine loaded = factory.load(ModelConfigParser.parse("m", "test config", props, Optional.of(dir)));
        ModelEngine.Generator generator = assertInstanceOf(ModelEngine.Generator.class, loaded.engine());
        try (LlamaCppEngine engine = assertInstanceOf(LlamaCppEngine.class, generator.engine())) {
            return engine.settings();
        }
    }

    /** The quire.model.* defaults a model config falls back to. */
    private static final ModelConfig DEFAULTS = new ModelConfig() {
        @Override
        public Optional<Path> repository() {
            return Optional.empty();
        }

        @Override
        public String name() {
            return "llm";
        }

        @Override
        public Optional<Path> path() {
            return Optional.empty();
        }

        @Override
        public Path cacheDir() {
            return Path.of("target");
        }

        @Override
        public long randomSeed() {
            return 7;
        }

        @Override
        public int contextSize() {
            return 128;
        }

        @Override
        public int parallel() {
            return 3;
        }

        @Override
        public int threads() {
            return 1;
        }

        @Override
        public int defaultMaxTokens() {
            return 16;
        }

        @Override
        public int maxTokensCap() {
            return 64;
        }
    };
}
