package dev.quire.gateway;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;

/** Swaps the gateway's Kafka channels for in-memory ones so a test can play the domain services. */
public class InMemoryMesh implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        Map<String, String> props = new HashMap<>();
        props.putAll(InMemoryConnector.switchOutgoingChannelsToInMemory("sql-requests", "commit-requests"));
        props.putAll(InMemoryConnector.switchIncomingChannelsToInMemory("replies"));
        return props;
    }

    @Override
    public void stop() {
        InMemoryConnector.clear();
    }
}
