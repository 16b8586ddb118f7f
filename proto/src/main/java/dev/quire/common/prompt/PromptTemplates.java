package dev.quire.common.prompt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Prompt templates are files, never strings in code: {@code prompts/NAME.txt} on the classpath,
 * overridden by {@code NAME.txt} in the directory named by {@code quire.prompts.dir}. They are Qute
 * templates, parsed once and cached.
 */
@ApplicationScoped
public class PromptTemplates {

    private final Map<String, Template> cache = new ConcurrentHashMap<>();

    @Inject
    Engine engine;

    @ConfigProperty(name = "quire.prompts.dir")
    Optional<Path> overrideDir;

    public String render(String name, Map<String, Object> data) {
        Template template = cache.computeIfAbsent(name, this::load);
        var instance = template.instance();
        data.forEach(instance::data);
        return instance.render();
    }

    private Template load(String name) {
        return engine.parse(read(name));
    }

    private String read(String name) {
        String file = name + ".txt";
        if (overrideDir.isPresent()) {
            Path candidate = overrideDir.get().resolve(file);
            if (Files.isRegularFile(candidate)) {
                try {
                    return Files.readString(candidate, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read prompt override " + candidate, e);
                }
            }
        }
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream("prompts/" + file)) {
            if (in == null) {
                throw new IllegalStateException("prompt template prompts/" + file + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read prompt template prompts/" + file, e);
        }
    }
}
