package dev.quire.inference.grpc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A model repository with {@code llm} on one llama.cpp slot and a queue of one per level, plus a
 * model whose config is malformed. Context and max_tokens cap are raised so that a test can hold
 * the slot with a generation that outlasts it ({@link SchedulingGrpcTest#ENDLESS_TOKENS}).
 */
public class RepositoryProfile extends RandomModelProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        try {
            Path repo = Files.createTempDirectory("quire-repo-");
            Files.createDirectories(repo.resolve("llm"));
            Files.writeString(repo.resolve("llm/config.properties"), """
                    engine=llama.cpp
                    instances=1
                    context_size=32768
                    dynamic_batching.priority_levels=2
                    dynamic_batching.default_priority_level=2
                    dynamic_batching.default_queue_policy.max_queue_size=1
                    """);
            Files.createDirectories(repo.resolve("broken"));
            Files.writeString(repo.resolve("broken/config.properties"), "engine=tensorflow\n");
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("quire.model.repository", repo.toString());
            overrides.put("quire.model.max-tokens-cap", "30000");
            return overrides;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
