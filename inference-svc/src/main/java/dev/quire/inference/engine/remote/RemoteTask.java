package dev.quire.inference.engine.remote;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a remote model does, so Quire knows which tensors to send and which scheduler to give it. */
public enum RemoteTask {
    /** Text in ({@code text_input}), text out ({@code text_output}), in the model's {@link TritonDialect}. */
    GENERATE,
    /** Texts in (BYTES {@code text} of shape [n]), FP32 {@code embedding} [n, dimension] out, as Quire's own embedder. */
    EMBED;

    /** The spelling used in config files. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<RemoteTask> fromConfigName(String name) {
        return Arrays.stream(values()).filter(t -> t.configName().equals(name.strip().toLowerCase(Locale.ROOT))).findFirst();
    }

    public static String allowed() {
        return String.join(" | ", Arrays.stream(values()).map(RemoteTask::configName).toList());
    }
}
