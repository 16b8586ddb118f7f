package dev.quire.inference.repository;

import java.util.Arrays;
import java.util.Optional;

/** The engines a model config may name in its {@code engine} field. */
public enum EngineKind {
    LLAMA_CPP("llama.cpp"),
    ONNX("onnx"),
    TRITON("triton"),
    OPENAI("openai");

    private final String configName;

    EngineKind(String configName) {
        this.configName = configName;
    }

    /** The spelling used in config files. */
    public String configName() {
        return configName;
    }

    public static Optional<EngineKind> fromConfigName(String name) {
        return Arrays.stream(values()).filter(k -> k.configName.equals(name)).findFirst();
    }

    public static String allowed() {
        return String.join(" | ", Arrays.stream(values()).map(EngineKind::configName).toList());
    }
}
