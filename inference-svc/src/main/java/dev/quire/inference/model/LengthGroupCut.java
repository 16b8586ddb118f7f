package dev.quire.inference.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import dev.quire.inference.engine.onnx.EmbeddingEngine;
import dev.quire.inference.engine.onnx.LengthBuckets;
import dev.quire.inference.scheduler.BatchCut;
import dev.quire.inference.scheduler.ScheduledRequest;

/**
 * Runs together only embedding requests of about one length: of every queued request the batch
 * could hold, the sub-batch that holds the batcher's first choice in the cut {@link LengthBuckets}
 * finds cheapest over all of them. The rest stay queued for the next free instance, where they
 * meet later requests of their own length. The engine would cut one batch the same way, but only
 * the texts of that batch; cutting everything queued pads less and makes fewer, fuller calls (an
 * in-process closed loop of 32 clients on 2 cores: 6-11% more short questions per second than
 * batches of 16 cut by the engine). Requests whose length is unknown run as the batch was formed.
 */
final class LengthGroupCut implements BatchCut<EmbeddingJob> {

    /** The cut for a model served by {@code engine}: by length where padding costs it work (it counts tokens), else whole. */
    static BatchCut<EmbeddingJob> forEngine(EmbeddingEngine engine) {
        return engine.tokenCounter().isPresent() ? new LengthGroupCut() : BatchCut.whole();
    }

    @Override
    public List<ScheduledRequest<EmbeddingJob>> runNow(List<ScheduledRequest<EmbeddingJob>> formed,
                                                       List<ScheduledRequest<EmbeddingJob>> peers) {
        if (peers.stream().anyMatch(r -> r.payload().longestTokens().isEmpty())) {
            return formed;
        }
        List<ScheduledRequest<EmbeddingJob>> byLength = new ArrayList<>(peers);
        byLength.sort(Comparator.comparingInt(r -> r.payload().longestTokens().getAsInt())); // stable: best first within a length
        int[] lengths = byLength.stream().mapToInt(r -> r.payload().longestTokens().getAsInt()).toArray();
        int[] weights = byLength.stream().mapToInt(r -> r.payload().texts().size()).toArray();
        ScheduledRequest<EmbeddingJob> first = peers.get(0);
        int start = 0;
        for (int size : LengthBuckets.sizes(lengths, weights)) {
            List<ScheduledRequest<EmbeddingJob>> group = byLength.subList(start, start + size);
            if (group.contains(first)) {
                Set<ScheduledRequest<EmbeddingJob>> chosen = Collections.newSetFromMap(new IdentityHashMap<>());
                chosen.addAll(group);
                return peers.stream().filter(chosen::contains).toList();
            }
            start += size;
        }
        throw new IllegalStateException("the length cut lost the first request " + first);
    }
}
