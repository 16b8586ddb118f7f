package dev.quire.gitcommit.messaging;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;

/** Swaps the Kafka channels for in-memory ones, so Quarkus tests need no broker. */
public class InMemoryChannels implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        Map<String, String> properties = new HashMap<>();
        properties.putAll(InMemoryConnector.switchIncomingChannelsToInMemory("commit-requests"));
        properties.putAll(InMemoryConnector.switchOutgoingChannelsToInMemory("replies"));
        return properties;
    }

    @Override
    public void stop() {
        InMemoryConnector.clear();
    }
}
