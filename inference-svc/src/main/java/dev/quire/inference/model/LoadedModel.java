package dev.quire.inference.model;

import java.util.Optional;

import dev.quire.inference.engine.TextGenerationEngine;
import dev.quire.inference.metrics.ModelStatistics;
import dev.quire.inference.repository.ModelDefinition;
import dev.quire.inference.scheduler.Scheduler;

/**
 * A model ready to answer.
 *
 * @param name       the name clients use
 * @param definition its repository config
 * @param loaded     the engine holding it
 * @param scheduler  the queue every request of this model goes through
 * @param stats      its statistics
 */
public record LoadedModel(String name, ModelDefinition definition, LoadedEngine loaded, Scheduler<GenerationJob> scheduler,
                          ModelStatistics stats) {

    public TextGenerationEngine engine() {
        return loaded.engine();
    }

    public Optional<String> warning() {
        return loaded.warning();
    }
}
