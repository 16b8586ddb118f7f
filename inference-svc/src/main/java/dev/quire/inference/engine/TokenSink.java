package dev.quire.inference.engine;

/** Receives generated text pieces as they come; may ask the engine to stop early (client gone). */
public interface TokenSink {

    void accept(String piece);

    /** Checked between pieces; true stops generation and frees the slot. */
    default boolean cancelled() {
        return false;
    }
}
