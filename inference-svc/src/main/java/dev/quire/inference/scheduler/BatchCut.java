package dev.quire.inference.scheduler;

import java.util.List;

/**
 * Chooses which requests of a batch the dynamic batcher formed run now; the others stay queued in
 * their places, for the next free instance. Triton runs the whole batch ({@link #whole()}); an
 * engine whose cost grows with padding can run together only requests of about one length.
 */
@FunctionalInterface
public interface BatchCut<P> {

    /**
     * Called under the scheduler's lock: keep it cheap.
     *
     * @param formed the batch Triton's rules form now (max_batch_size, preferred sizes, delay), best first
     * @param peers  every queued request the batch could hold that ranks with its first (same priority
     *               level after aging, delayed only if it is), best first; starts with {@code formed}'s first
     * @return the requests to run now: {@code formed}, or some of {@code peers} that include their first
     */
    List<ScheduledRequest<P>> runNow(List<ScheduledRequest<P>> formed, List<ScheduledRequest<P>> peers);

    /** Triton's behaviour: the formed batch runs as it is. */
    static <P> BatchCut<P> whole() {
        return (formed, peers) -> formed;
    }
}
