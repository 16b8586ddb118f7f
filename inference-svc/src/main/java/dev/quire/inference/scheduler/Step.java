package dev.quire.inference.scheduler;

import java.util.List;
import java.util.OptionalLong;

/**
 * What one scheduling step decided. Immutable; the caller acts on it after the core's lock is released.
 *
 * @param batches  batches to execute now, each on its own free instance (slot), in start order
 * @param timedOut queued requests whose client deadline passed, or whose queue timeout passed with action
 *                 REJECT: answer DEADLINE_EXCEEDED now
 * @param wakeAt   when the next step must run even if nothing else happens (the earliest queue timeout,
 *                 client deadline, running request's answer deadline or batch delay); empty: only a new
 *                 request, a finish or a cancel needs one
 */
public record Step<P>(List<List<ScheduledRequest<P>>> batches, List<ScheduledRequest<P>> timedOut, OptionalLong wakeAt) {

    public Step {
        batches = batches.stream().map(List::copyOf).toList();
        timedOut = List.copyOf(timedOut);
    }
}
