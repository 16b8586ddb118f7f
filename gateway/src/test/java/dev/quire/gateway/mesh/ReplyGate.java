package dev.quire.gateway.mesh;

/** Test access to the reply consumer's readiness gate, which Kafka would open on partition assignment. */
public final class ReplyGate {

    private ReplyGate() {
    }

    public static void open(ReplyPartitions partitions) {
        partitions.markAssigned();
    }
}
