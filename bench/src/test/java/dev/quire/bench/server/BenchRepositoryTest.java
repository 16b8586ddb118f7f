package dev.quire.bench.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.quire.bench.server.ModelRepositoryWriter.ModelFolder;
import dev.quire.inference.repository.ModelDefinition;
import dev.quire.inference.repository.ModelRepository;
import dev.quire.inference.repository.RepositoryEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The repository the benchmark writes is read by inference-svc's own parser, and each pair differs only where it should. */
class BenchRepositoryTest {

    @TempDir
    Path dir;

    /** The definition without what tells two models apart anyway (name, config file) and with the given prefix routing. */
    private static ModelDefinition anonymous(ModelDefinition d, boolean prefixRouting) {
        return new ModelDefinition("x", "s", d.engine(), d.file(), d.endpoint(), d.remoteModel(), d.instances(), d.contextSize(), d.threads(),
                d.maxBatchSize(), d.scheduling(), d.remote(), prefixRouting, d.flashAttention());
    }

    private Map<String, ModelDefinition> written(List<ModelFolder> models) throws IOException {
        Path root = dir.resolve("repo");
        ModelRepositoryWriter.write(root, models);
        return ModelRepository.scan(root).stream()
                .collect(Collectors.toMap(RepositoryEntry::name, e -> assertInstanceOf(RepositoryEntry.Valid.class, e, e.toString()).definition()));
    }

    @Test
    void everyBenchmarkModelParsesWithTheSettingsItsScenarioCompares() throws IOException {
        Path tiny = Files.writeString(dir.resolve("tiny.gguf"), "x");
        Path big = Files.writeString(dir.resolve("50m.gguf"), "x");
        Map<String, ModelDefinition> models = written(BenchModels.repository(true, true, true, true, true, tiny, big, 2, 2));
        assertEquals(8, models.size(), models.keySet().toString());

        ModelDefinition off = models.get(BenchModels.EMBEDDER_UNBATCHED);
        ModelDefinition on = models.get(BenchModels.EMBEDDER_BATCHED);
        assertEquals(Optional.of(1), off.maxBatchSize(), "max_batch_size 1: every request its own engine call");
        assertEquals(Optional.of(32), on.maxBatchSize());
        assertEquals(List.of(4, 8, 16), on.scheduling().preferredBatchSizes(), "one batch per instance at 32 clients, and a half and a quarter of it");
        assertEquals(Optional.of(Duration.ofMillis(2)), on.scheduling().maxQueueDelay());
        assertEquals(on.instances(), off.instances());
        assertEquals(on.threads(), off.threads());

        ModelDefinition routed = models.get(BenchModels.ROUTING_ON);
        ModelDefinition unrouted = models.get(BenchModels.ROUTING_OFF);
        assertTrue(routed.prefixRouting());
        assertFalse(unrouted.prefixRouting());
        assertEquals(anonymous(routed, true), anonymous(unrouted, true), "the routing pair differs in prefix_routing only");

        assertEquals(Optional.of(big), models.get(BenchModels.LLM_50M).file());
        assertEquals(Optional.of(8), models.get(BenchModels.LLM_50M).instances());
        assertEquals(Optional.of(1), models.get(BenchModels.BURST).instances());
        assertEquals(Optional.of(8), models.get(BenchModels.BURST).scheduling().defaultQueuePolicy().maxQueueSize());
        assertEquals(Optional.of(tiny), models.get(BenchModels.LLM_TINY).file());
    }

    private void deleteRepo() throws IOException {
        try (var paths = Files.walk(dir.resolve("repo"))) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void onlyTheModelsOfTheChosenScenariosAreServed() throws IOException {
        Path tiny = Files.writeString(dir.resolve("tiny.gguf"), "x");
        assertEquals(java.util.Set.of(BenchModels.BURST), written(BenchModels.repository(false, false, false, false, true, tiny, tiny, 2, 1)).keySet());
        deleteRepo();
        assertEquals(java.util.Set.of(BenchModels.EMBEDDER_UNBATCHED, BenchModels.LLM_50M_OVERHEAD, BenchModels.LLM_TINY),
                written(BenchModels.repository(false, false, false, true, false, tiny, tiny, 2, 1)).keySet(),
                "the overhead scenario compares the 50M model, the tiny one and the unbatched embedder");
        deleteRepo();
        Map<String, ModelDefinition> both = written(BenchModels.repository(false, true, false, true, false, tiny, tiny, 2, 1));
        ModelDefinition overhead = both.get(BenchModels.LLM_50M_OVERHEAD);
        assertTrue(overhead.prefixRouting(), "the in-process side routes like the server: SlotRouter with prefix routing on");
        assertEquals(anonymous(both.get(BenchModels.LLM_50M), true), anonymous(overhead, overhead.prefixRouting()),
                "the overhead scenario's 50M model is the generation scenario's, served apart so that their slots' caches stay apart");
    }

    @Test
    void theRemoteEmbedderPairForwardsToTheServerAndDiffersOnlyInBatching() throws IOException {
        Map<String, ModelDefinition> models = written(BenchModels.remoteEmbedders("gpu-host:18001"));
        ModelDefinition off = models.get(BenchModels.REMOTE_EMBEDDER_UNBATCHED);
        ModelDefinition on = models.get(BenchModels.REMOTE_EMBEDDER_BATCHED);
        for (ModelDefinition d : List.of(off, on)) {
            assertEquals(dev.quire.inference.repository.EngineKind.TRITON, d.engine());
            assertEquals(dev.quire.inference.engine.remote.RemoteTask.EMBED, d.remote().task());
            assertEquals("gpu-host", d.endpoint().orElseThrow().getHost());
            assertEquals(18001, d.endpoint().orElseThrow().getPort());
            assertEquals(Optional.of(BenchModels.REMOTE_EMBEDDER_MODEL), d.remoteModel());
            assertEquals(Optional.of(BenchModels.REMOTE_EMBEDDER_INSTANCES), d.instances());
        }
        assertEquals(Optional.of(1), off.maxBatchSize());
        assertEquals(Optional.of(32), on.maxBatchSize());
        assertEquals(List.of(4, 8, 16), on.scheduling().preferredBatchSizes(), "two batches of 16 in flight at 32 clients");
        assertEquals(off.scheduling().defaultQueuePolicy(), on.scheduling().defaultQueuePolicy());
    }

    @Test
    void badFoldersAreRefusedBeforeAnyServerStarts() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> new ModelFolder("../up", "c", Map.of("engine", "onnx")));
        assertThrows(IllegalArgumentException.class, () -> new ModelFolder("m", "c", Map.of("engine", "onnx\nfile=/etc/passwd")));
        assertThrows(IllegalArgumentException.class, () -> new ModelFolder("m", "c", Map.of("Engine Kind", "onnx")));
        ModelFolder m = new ModelFolder("m", "c", Map.of("engine", "onnx"));
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> ModelRepositoryWriter.write(dir.resolve("a"), List.of(m, m)));
        assertTrue(twice.getMessage().contains("listed twice"), twice.getMessage());
        Files.createDirectories(dir.resolve("b/old"));
        IllegalArgumentException full = assertThrows(IllegalArgumentException.class, () -> ModelRepositoryWriter.write(dir.resolve("b"), List.of(m)));
        assertTrue(full.getMessage().contains("not empty"), full.getMessage());
    }

    @Test
    void backslashesInValuesSurviveThePropertiesFormat() throws IOException {
        Map<String, ModelDefinition> models = written(List.of(new ModelFolder("w", "windows path", Map.of("engine", "llama.cpp", "file", "C:\\models\\a.gguf"))));
        // Unescaped, Properties would read C:modelsa.gguf.
        assertEquals("C:\\models\\a.gguf", models.get("w").file().orElseThrow().getFileName().toString());
    }

    @Test
    void metricsValuesAreReadPerModel() {
        String text = """
                # TYPE quire_prefix_cache_hits counter
                quire_prefix_cache_hits{model="routing_off",version="1"} 3
                quire_prefix_cache_hits{model="routing_on",version="1"} 41
                quire_prefix_reused_characters_sum{model="routing_on",version="1"} 1.2345E7
                """;
        assertEquals(41, MetricsReader.value(text, "quire_prefix_cache_hits", "routing_on"));
        assertEquals(3, MetricsReader.value(text, "quire_prefix_cache_hits", "routing_off"));
        assertEquals(12_345_000, MetricsReader.value(text, "quire_prefix_reused_characters_sum", "routing_on"));
        assertThrows(IllegalStateException.class, () -> MetricsReader.value(text, "quire_prefix_cache_hits", "routing"));
    }
}
