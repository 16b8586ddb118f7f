package dev.quire.inference.engine;

import java.nio.file.Path;

import de.kherud.llama.InferenceParameters;
import dev.quire.common.QuireException;
import dev.quire.common.inference.PromptTooLongException;
import dev.quire.proto.events.Failure;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.args.LogFormat;
import org.jboss.logging.Logger;

/**
 * llama.cpp embedded through de.kherud:llama. Its native server loop decodes {@code parallel}
 * slots together (continuous batching); each Java caller blocks on its own task.
 * Never ask for token probabilities (setNProbs > 0 aborts the JVM in this binding).
 */
public final class LlamaCppEngine implements TextGenerationEngine {

    private static final Logger LOG = Logger.getLogger(LlamaCppEngine.class);
    /** llama.cpp's completion puts a BOS token in front of the prompt; encode() does not count it. */
    private static final int BOS_TOKENS = 1;

    private final LlamaModel model;
    private final LlamaCppSettings settings;

    private LlamaCppEngine(LlamaModel model, LlamaCppSettings settings) {
        this.model = model;
        this.settings = settings;
    }

    /** Loads the GGUF file; blocks for as long as llama.cpp needs to read it. */
    public static LlamaCppEngine load(Path gguf, LlamaCppSettings settings) {
        LlamaNativeLibrary.useOwnTmpDir();
        LlamaModel.setLogger(LogFormat.TEXT, LlamaCppEngine::log);
        ModelParameters parameters = new ModelParameters()
                .setModel(gguf.toAbsolutePath().toString())
                // llama.cpp splits the context evenly over the slots: give each slot the full size.
                .setCtxSize(settings.contextSize() * settings.parallel())
                .setParallel(settings.parallel())
                .setThreads(settings.threads())
                .setThreadsBatch(settings.threads())
                // The server loop logs every slot step to stdout; load errors still surface as exceptions.
                .disableLog();
        if (settings.flashAttention()) {
            parameters.enableFlashAttn();
        }
        return new LlamaCppEngine(new LlamaModel(parameters), settings);
    }

    private static void log(de.kherud.llama.LogLevel level, String message) {
        String text = message.strip();
        switch (level) {
            case ERROR -> LOG.errorf("llama.cpp: %s", text);
            case WARN -> LOG.warnf("llama.cpp: %s", text);
            default -> LOG.tracef("llama.cpp: %s", text);
        }
    }

    @Override
    public GenerationResult generate(String prompt, GenerationOptions options, TokenSink sink) {
        return generate(prompt, countTokens(prompt), options, sink, -1);
    }

    /** @param slot the llama.cpp slot to run on (its prompt cache is reused), or -1 to let llama.cpp pick */
    @Override
    public GenerationResult generateOnSlot(String prompt, GenerationOptions options, TokenSink sink, int slot) {
        return generateOnSlot(prompt, countTokens(prompt), options, sink, slot);
    }

    @Override
    public GenerationResult generateOnSlot(String prompt, int promptTokens, GenerationOptions options, TokenSink sink, int slot) {
        if (slot < 0 || slot >= settings.parallel()) {
            throw new IllegalArgumentException("slot must be 0.." + (settings.parallel() - 1) + ", got " + slot);
        }
        return generate(prompt, promptTokens, options, sink, slot);
    }

    @Override
    public boolean cachesPromptsPerSlot() {
        return true;
    }

    private GenerationResult generate(String prompt, int promptTokens, GenerationOptions options, TokenSink sink, int slot) {
        if (promptTokens >= settings.contextSize()) {
            throw new PromptTooLongException(promptTokens, settings.contextSize());
        }
        // Stay inside the slot: llama.cpp would otherwise shift the context and forget the prompt's start.
        int maxTokens = Math.min(options.maxTokens(), settings.contextSize() - promptTokens);
        InferenceParameters parameters = new InferenceParameters(prompt)
                .setNPredict(maxTokens)
                .setTemperature((float) options.temperature())
                .setCachePrompt(true)
                .setIgnoreEos(options.ignoreEos());
        options.seed().ifPresent(seed -> parameters.setSeed(Math.toIntExact(seed)));
        if (!options.stop().isEmpty()) {
            parameters.setStopStrings(options.stop().toArray(String[]::new));
        }
        options.grammar().ifPresent(parameters::setGrammar);
        if (slot >= 0) {
            LlamaSlotParameter.set(parameters, slot);
        }

        try {
            return stream(parameters, promptTokens, sink);
        } catch (RuntimeException e) {
            throw translate(e, options);
        }
    }

    private GenerationResult stream(InferenceParameters parameters, int promptTokens, TokenSink sink) {
        StringBuilder text = new StringBuilder();
        int pieces = 0;
        LlamaIterator iterator = model.generate(parameters).iterator();
        while (iterator.hasNext()) {
            if (sink.cancelled()) {
                iterator.cancel();
                return new GenerationResult(text.toString(), promptTokens, pieces, true);
            }
            LlamaOutput output = iterator.next();
            if (!output.text.isEmpty()) {
                text.append(output.text);
                pieces++;
                sink.accept(output.text);
            }
        }
        return new GenerationResult(text.toString(), promptTokens, pieces, false);
    }

    /** llama.cpp reports a bad grammar only when the task starts; that is the caller's mistake, not ours. */
    private static RuntimeException translate(RuntimeException e, GenerationOptions options) {
        if (e instanceof QuireException) {
            return e;
        }
        String message = String.valueOf(e.getMessage());
        if (options.grammar().isPresent() && message.toLowerCase(java.util.Locale.ROOT).contains("grammar")) {
            return new QuireException.InvalidRequest("the grammar was rejected by llama.cpp: " + message);
        }
        return new QuireException(Failure.Code.INTERNAL, "llama.cpp failed while generating: " + message, e);
    }

    @Override
    public int countTokens(String prompt) {
        return model.encode(prompt).length + BOS_TOKENS;
    }

    /** What it was loaded with. */
    public LlamaCppSettings settings() {
        return settings;
    }

    @Override
    public int contextSize() {
        return settings.contextSize();
    }

    @Override
    public String jsonSchemaToGrammar(String jsonSchema) {
        return LlamaModel.jsonSchemaToGrammar(jsonSchema);
    }

    @Override
    public void close() {
        model.close();
    }
}
