package dev.quire.inference.model;

import dev.quire.inference.repository.EngineKind;
import dev.quire.inference.repository.ModelDefinition;

/** Loads the models of one engine kind; registered in {@link EngineFactory}. */
public interface EngineProvider {

    EngineKind kind();

    /**
     * Loads the model. Blocking (reads files, connects).
     *
     * @throws Exception with a message saying what is wrong (missing file, unreachable endpoint)
     */
    LoadedEngine load(ModelDefinition definition) throws Exception;
}
