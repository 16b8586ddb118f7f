/**
 * Text generation on remote servers, behind the same {@link dev.quire.inference.engine.TextGenerationEngine}
 * as the embedded llama.cpp: {@link dev.quire.inference.engine.remote.RemoteTritonEngine} (KServe v2
 * gRPC to Triton with the vLLM or TensorRT-LLM backend, or another Quire) and
 * {@link dev.quire.inference.engine.remote.OpenAiCompatibleEngine} (vLLM, Ollama, llama.cpp server,
 * OpenAI). Both take the caller's deadline, stop the remote work when the caller goes away, and turn
 * every remote failure into a {@link dev.quire.common.QuireException} that names the server.
 * Remote servers do not count tokens for us: {@code countTokens} is an upper bound (UTF-8 bytes + 1).
 */
package dev.quire.inference.engine.remote;
