package dev.quire.inference.scheduler;

import dev.quire.common.QuireException;
import dev.quire.proto.events.Failure;

/** A priority level's queue holds max_queue_size requests already; the boundary maps this to RESOURCE_EXHAUSTED. */
public class QueueFullException extends QuireException {

    public QueueFullException(String model, int level, int maxQueueSize) {
        super(Failure.Code.UNAVAILABLE, "the queue of model '" + model + "' at priority level " + level + " is full (max_queue_size "
                + maxQueueSize + "); retry later or raise dynamic_batching max_queue_size", false);
    }
}
