package dev.quire.gateway.mesh;

import java.util.Collection;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Knows when this gateway's reply consumer owns its partitions. The consumer starts at the end of
 * the topic, so a request sent before that moment could see its reply slip by unread: senders wait
 * for {@link #awaitAssigned} first.
 */
@ApplicationScoped
@Identifier("quire-replies-rebalance")
@Default
public class ReplyPartitions implements KafkaConsumerRebalanceListener {

    private final CountDownLatch assigned = new CountDownLatch(1);

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            // Resolve the start position (the topic's end, for this fresh group) now, so every reply
            // written from this moment on is read.
            partitions.forEach(consumer::position);
            markAssigned();
        }
    }

    /** Package-visible so tests that replace Kafka with in-memory channels can open the gate. */
    void markAssigned() {
        assigned.countDown();
    }

    public boolean awaitAssigned(long millis) throws InterruptedException {
        return assigned.await(millis, TimeUnit.MILLISECONDS);
    }

    public boolean isAssigned() {
        return assigned.getCount() == 0;
    }
}
