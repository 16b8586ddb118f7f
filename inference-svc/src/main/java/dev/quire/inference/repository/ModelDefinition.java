package dev.quire.inference.repository;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One model of the repository, as its config file describes it.
 *
 * @param name         the name clients use (the model's folder name)
 * @param source       where the definition came from (config file path or classpath resource), for messages
 * @param engine       which engine runs it
 * @param file         model file (llama.cpp GGUF, ONNX); empty: the engine's built-in default
 * @param endpoint     remote server (triton, openai)
 * @param remoteModel  the model's name at the remote server; empty: the same name
 * @param instances    llama.cpp: parallel slots; other engines: batches executed at once; empty: quire.model.parallel
 *                     (1 for onnx)
 * @param contextSize  tokens per request (prompt + answer); empty: the service default
 * @param threads      CPU threads of an embedded engine; empty: the service default
 * @param maxBatchSize most batch elements per execution; empty: the model does not batch
 * @param scheduling   queues, priorities and batching
 * @param remote       how a remote engine is called (defaults for in-process engines)
 * @param prefixRouting send each prompt to the slot whose cache shares its longest prefix (default true for llama.cpp,
 *                     the only engine with slot caches; false elsewhere); false: least recently used slot, for comparison
 * @param flashAttention llama.cpp's flash attention (default true for llama.cpp; see {@code LlamaCppSettings})
 */
public record ModelDefinition(String name, String source, EngineKind engine, Optional<Path> file, Optional<URI> endpoint,
                              Optional<String> remoteModel, Optional<Integer> instances, Optional<Integer> contextSize, Optional<Integer> threads,
                              Optional<Integer> maxBatchSize, SchedulingConfig scheduling, RemoteConfig remote,
                              boolean prefixRouting, boolean flashAttention) {

    /** The same definition served under another name. */
    public ModelDefinition withName(String newName) {
        return new ModelDefinition(newName, source, engine, file, endpoint, remoteModel, instances, contextSize, threads, maxBatchSize,
                scheduling, remote, prefixRouting, flashAttention);
    }
}
