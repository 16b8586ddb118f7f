package dev.quire.bench.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.quire.bench.server.ModelRepositoryWriter.ModelFolder;

/**
 * The models the benchmark serves, each differing from its counterpart only in what a scenario
 * compares (batching, prefix routing), so a side-by-side difference has one cause.
 */
public final class BenchModels {

    public static final String EMBEDDER_BATCHED = "embedder_batched";
    public static final String EMBEDDER_UNBATCHED = "embedder_unbatched";
    public static final String LLM_50M = "llm_50m";
    /**
     * The same model and settings for the overhead scenario alone. The slots share one KV cache whose
     * cells in use cost every request's decoding steps something (less with flash attention, not
     * nothing), so the served engine must not carry the generation scenario's eight cached answers
     * while the in-process engine it is compared with holds only the overhead scenario's own.
     */
    public static final String LLM_50M_OVERHEAD = "llm_50m_overhead";
    public static final String ROUTING_ON = "routing_on";
    public static final String ROUTING_OFF = "routing_off";
    public static final String LLM_TINY = "llm_tiny";
    public static final String BURST = "burst";
    public static final String REMOTE_EMBEDDER_BATCHED = "remote_embedder_batched";
    public static final String REMOTE_EMBEDDER_UNBATCHED = "remote_embedder_unbatched";
    /** The model's name on the remote embedding server ({@code bench/gpu/kserve_embedder.py}'s default). */
    public static final String REMOTE_EMBEDDER_MODEL = "minilm";
    /**
     * Batches each remote embedder keeps in flight: the remote's CPU-side work on one overlaps the GPU's
     * on the other. Two, so that 32 clients make batches of 16: on a GPU a batch costs little more than
     * one text, and what a call costs the remote's CPU is spread over more texts.
     */
    public static final int REMOTE_EMBEDDER_INSTANCES = 2;

    /** Texts per engine call of the batching embedder: ORT's offline batch size in the comparison. */
    public static final int EMBEDDING_MAX_BATCH = 32;
    public static final int EMBEDDING_DELAY_MICROS = 2000;
    public static final int LLM_50M_SLOTS = 8;
    public static final int LLM_50M_CONTEXT = 512;
    public static final int ROUTING_SLOTS = 4;
    public static final int ROUTING_CONTEXT = 2048;
    /** The overhead comparison's tiny-model llama.cpp settings, the same in the server and in the benchmark's JVM. */
    public static final int TINY_SLOTS = 1;
    public static final int TINY_CONTEXT = 512;
    public static final int TINY_THREADS = 1;
    public static final int BURST_QUEUE = 8;

    private BenchModels() {
    }

    /**
     * @param embeddings  serve the two embedders (batching on / off)
     * @param generation  serve the 50M model
     * @param routing     serve the routing pair
     * @param overhead    serve the models the in-process engines are compared with
     * @param burst       serve the small-queue model
     * @param tinyModel   the tiny random GGUF
     * @param model50m    the ~50M-parameter random GGUF (read only with {@code generation} or {@code overhead}, each its own served copy)
     * @param cores       CPU cores: embedder instances
     * @param llmThreads  llama.cpp threads of the 50M model
     */
    public static List<ModelFolder> repository(boolean embeddings, boolean generation, boolean routing, boolean overhead, boolean burst,
                                               Path tinyModel, Path model50m, int cores, int llmThreads) {
        List<ModelFolder> models = new ArrayList<>();
        if (embeddings || overhead) {
            models.add(new ModelFolder(EMBEDDER_UNBATCHED, "MiniLM, every request its own ONNX Runtime call (max_batch_size 1: no dynamic batching).",
                    embedder(cores, 1, Map.of())));
        }
        if (embeddings) {
            String preferredSizes = embeddingPreferredBatches(cores).stream().map(String::valueOf)
                    .collect(java.util.stream.Collectors.joining(","));
            models.add(new ModelFolder(EMBEDDER_BATCHED, "MiniLM with the dynamic batcher: up to " + EMBEDDING_MAX_BATCH
                    + " texts per call, preferred batch sizes " + preferredSizes + ": a burst of 32 runs as " + cores + " batches at once.",
                    embedder(cores, EMBEDDING_MAX_BATCH, Map.of(
                            "dynamic_batching.preferred_batch_size", preferredSizes,
                            "dynamic_batching.max_queue_delay_microseconds", String.valueOf(EMBEDDING_DELAY_MICROS)))));
        }
        if (generation || overhead) {
            Map<String, String> llm50m = llama(model50m, LLM_50M_SLOTS, LLM_50M_CONTEXT, llmThreads,
                    Map.of("dynamic_batching.default_queue_policy.max_queue_size", "256"));
            if (generation) {
                models.add(new ModelFolder(LLM_50M, "The ~50M-parameter random model, continuous batching over " + LLM_50M_SLOTS + " slots.", llm50m));
            }
            if (overhead) {
                models.add(new ModelFolder(LLM_50M_OVERHEAD, "The ~50M-parameter model with " + LLM_50M + "'s settings, serving the overhead scenario only.",
                        llm50m));
            }
        }
        if (routing) {
            models.add(new ModelFolder(ROUTING_ON, "Tiny random model, prefix-aware slot routing (the default).",
                    llama(tinyModel, ROUTING_SLOTS, ROUTING_CONTEXT, TINY_THREADS, Map.of("prefix_routing", "true"))));
            models.add(new ModelFolder(ROUTING_OFF, "The same model and slots, least recently used slot instead of prefix routing.",
                    llama(tinyModel, ROUTING_SLOTS, ROUTING_CONTEXT, TINY_THREADS, Map.of("prefix_routing", "false"))));
        }
        if (overhead) {
            models.add(new ModelFolder(LLM_TINY, "Tiny random model with the settings the benchmark also runs in-process.",
                    llama(tinyModel, TINY_SLOTS, TINY_CONTEXT, TINY_THREADS, Map.of())));
        }
        if (burst) {
            models.add(new ModelFolder(BURST, "One slot and a queue of " + BURST_QUEUE + ": a burst of 10x that must be refused at once.",
                    llama(tinyModel, 1, TINY_CONTEXT, TINY_THREADS, Map.of("dynamic_batching.default_queue_policy.max_queue_size", String.valueOf(BURST_QUEUE)))));
        }
        return models;
    }

    /**
     * The pair of embedders forwarding to a remote KServe v2 server at {@code endpoint} (engine triton,
     * task embed), differing only in batching, as {@link #EMBEDDER_BATCHED} and {@link #EMBEDDER_UNBATCHED} do.
     */
    public static List<ModelFolder> remoteEmbedders(String endpoint) {
        String preferredSizes = embeddingPreferredBatches(REMOTE_EMBEDDER_INSTANCES).stream().map(String::valueOf)
                .collect(java.util.stream.Collectors.joining(","));
        return List.of(
                new ModelFolder(REMOTE_EMBEDDER_UNBATCHED, "The remote embedder at " + endpoint + ", every request its own remote call.",
                        remoteEmbedder(endpoint, 1, Map.of())),
                new ModelFolder(REMOTE_EMBEDDER_BATCHED, "The remote embedder at " + endpoint + " with the dynamic batcher: up to "
                        + EMBEDDING_MAX_BATCH + " texts per remote call, preferred batch sizes " + preferredSizes + ".",
                        remoteEmbedder(endpoint, EMBEDDING_MAX_BATCH, Map.of(
                                "dynamic_batching.preferred_batch_size", preferredSizes,
                                "dynamic_batching.max_queue_delay_microseconds", String.valueOf(EMBEDDING_DELAY_MICROS)))));
    }

    private static Map<String, String> remoteEmbedder(String endpoint, int maxBatch, Map<String, String> batching) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("engine", "triton");
        config.put("task", "embed");
        config.put("endpoint", "http://" + endpoint);
        config.put("remote_model", REMOTE_EMBEDDER_MODEL);
        config.put("instances", String.valueOf(REMOTE_EMBEDDER_INSTANCES));
        config.put("max_batch_size", String.valueOf(maxBatch));
        config.putAll(new java.util.TreeMap<>(batching));
        config.put("dynamic_batching.default_queue_policy.max_queue_size", "4096");
        return config;
    }

    /**
     * The batching embedder's preferred batch sizes: one batch per instance at 32 clients, and a
     * half and a quarter of that, so that fewer clients start a batch without waiting out the delay.
     */
    public static List<Integer> embeddingPreferredBatches(int cores) {
        int perInstance = Math.max(1, EMBEDDING_MAX_BATCH / cores);
        return java.util.stream.IntStream.of(perInstance / 4, perInstance / 2, perInstance).filter(n -> n >= 1).distinct().boxed().toList();
    }

    private static Map<String, String> embedder(int instances, int maxBatch, Map<String, String> batching) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("engine", "onnx");
        config.put("instances", String.valueOf(instances));
        config.put("threads", "1");
        config.put("max_batch_size", String.valueOf(maxBatch));
        config.putAll(new java.util.TreeMap<>(batching));
        config.put("dynamic_batching.default_queue_policy.max_queue_size", "4096");
        return config;
    }

    private static Map<String, String> llama(Path file, int slots, int context, int threads, Map<String, String> extra) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("engine", "llama.cpp");
        config.put("file", file.toAbsolutePath().toString());
        config.put("instances", String.valueOf(slots));
        config.put("context_size", String.valueOf(context));
        config.put("threads", String.valueOf(threads));
        config.putAll(new java.util.TreeMap<>(extra));
        return config;
    }
}
