package dev.quire.inference.model;

import java.util.Optional;

import dev.quire.common.QuireException;
import dev.quire.common.inference.TextTensors;
import dev.quire.inference.engine.TextGenerationEngine;
import dev.quire.inference.engine.onnx.EmbeddingEngine;
import dev.quire.inference.metrics.ModelStatistics;
import dev.quire.inference.repository.ModelDefinition;
import dev.quire.inference.scheduler.Scheduler;

/**
 * A model ready to answer.
 *
 * @param name       the name clients use
 * @param definition its repository config
 * @param loaded     the engine holding it
 * @param scheduler  the queue every request of this model goes through; its payload type matches the engine
 *                   ({@link GenerationJob} for a generator, {@link EmbeddingJob} for an embedder)
 * @param stats      its statistics
 */
public record LoadedModel(String name, ModelDefinition definition, LoadedEngine loaded, Scheduler<?> scheduler,
                          ModelStatistics stats) {

    /** True when the model embeds texts rather than generating. */
    public boolean embeds() {
        return loaded.engine() instanceof ModelEngine.Embedder;
    }

    /** The name of the model's one input: the texts of an embedder, the prompt of a generator. */
    public String inputName() {
        return embeds() ? EmbeddingJob.INPUT : TextTensors.TEXT_INPUT;
    }

    /**
     * The text-generation engine.
     *
     * @throws QuireException.InvalidRequest when this model embeds instead
     */
    public TextGenerationEngine engine() {
        if (loaded.engine() instanceof ModelEngine.Generator g) {
            return g.engine();
        }
        throw new QuireException.InvalidRequest("model '" + name + "' computes embeddings; it does not generate text (send ModelInfer with a BYTES input '"
                + EmbeddingJob.INPUT + "')");
    }

    /** The embedding engine; precondition: {@link #embeds()}. */
    public EmbeddingEngine embedder() {
        return ((ModelEngine.Embedder) loaded.engine()).engine();
    }

    /** The scheduler of a generating model. */
    @SuppressWarnings("unchecked")
    public Scheduler<GenerationJob> generationScheduler() {
        engine();
        return (Scheduler<GenerationJob>) scheduler;
    }

    /** The scheduler of an embedding model; precondition: {@link #embeds()}. */
    @SuppressWarnings("unchecked")
    public Scheduler<EmbeddingJob> embeddingScheduler() {
        embedder();
        return (Scheduler<EmbeddingJob>) scheduler;
    }

    /** Context per request in tokens: the generator's context, the embedder's token limit. */
    public int contextSize() {
        return embeds() ? embedder().maxTokens() : engine().contextSize();
    }

    public Optional<String> warning() {
        return loaded.warning();
    }
}
