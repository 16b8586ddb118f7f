package dev.quire.bench.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes a Triton-style model repository for inference-svc: one folder per model holding
 * {@code config.properties} (the keys of inference-svc's ModelConfigParser). Names and values are
 * checked here, so a typo fails before a server is started rather than as a model that is not served.
 */
public final class ModelRepositoryWriter {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern KEY = Pattern.compile("[a-z_][a-z0-9_.]*");

    /**
     * One model folder.
     *
     * @param name    the model's name (its folder)
     * @param comment why the model is there, written at the top of the file
     * @param config  config keys and values, written in this order
     */
    public record ModelFolder(String name, String comment, Map<String, String> config) {
        public ModelFolder {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("model name '" + name + "' must match " + NAME.pattern());
            }
            for (Map.Entry<String, String> e : config.entrySet()) {
                if (!KEY.matcher(e.getKey()).matches()) {
                    throw new IllegalArgumentException("model '" + name + "': config key '" + e.getKey() + "' must match " + KEY.pattern());
                }
                if (e.getValue().isBlank() || e.getValue().contains("\n") || e.getValue().contains("\r")) {
                    throw new IllegalArgumentException("model '" + name + "': config value of '" + e.getKey() + "' must be one non-blank line");
                }
            }
            config = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(config));
        }
    }

    private ModelRepositoryWriter() {
    }

    /** Writes every model under {@code root}, which must not exist yet or be empty. */
    public static void write(Path root, List<ModelFolder> models) throws IOException {
        Set<String> seen = new HashSet<>();
        for (ModelFolder model : models) {
            if (!seen.add(model.name())) {
                throw new IllegalArgumentException("model '" + model.name() + "' is listed twice");
            }
        }
        Files.createDirectories(root);
        try (var children = Files.list(root)) {
            if (children.findAny().isPresent()) {
                throw new IllegalArgumentException("model repository " + root + " is not empty");
            }
        }
        for (ModelFolder model : models) {
            Path folder = Files.createDirectory(root.resolve(model.name()));
            StringBuilder text = new StringBuilder();
            model.comment().lines().forEach(line -> text.append("# ").append(line).append('\n'));
            // Properties files treat a backslash as an escape (Windows paths).
            model.config().forEach((key, value) -> text.append(key).append('=').append(value.replace("\\", "\\\\")).append('\n'));
            Files.writeString(folder.resolve("config.properties"), text, StandardCharsets.UTF_8);
        }
    }
}
