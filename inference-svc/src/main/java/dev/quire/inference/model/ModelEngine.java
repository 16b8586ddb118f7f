package dev.quire.inference.model;

import dev.quire.inference.engine.TextGenerationEngine;
import dev.quire.inference.engine.onnx.EmbeddingEngine;

/** What a loaded engine does: generate text, or embed texts. */
public sealed interface ModelEngine permits ModelEngine.Generator, ModelEngine.Embedder {

    void close();

    /** @param engine generates text for one request at a time per slot */
    record Generator(TextGenerationEngine engine) implements ModelEngine {
        @Override
        public void close() {
            engine.close();
        }
    }

    /** @param engine embeds one padded batch of texts per call */
    record Embedder(EmbeddingEngine engine) implements ModelEngine {
        @Override
        public void close() {
            engine.close();
        }
    }
}
