package dev.quire.inference.model;

import java.util.Arrays;

/**
 * Prefix-aware routing over an engine's slots: a request goes to the free slot whose cached text
 * (the last prompt and answer it held) shares the longest prefix with the new prompt, so a second
 * question over the same system prompt and schema skips most of the prefill; without a shared
 * prefix, the least recently used free slot. The scheduler admits at most as many requests as
 * there are slots, so a free slot always exists when {@link #acquire} is called.
 */
public final class SlotRouter {

    /**
     * @param slot           the slot to run on
     * @param reusedPrefix   characters of the prompt already in that slot's cache
     */
    public record Lease(int slot, int reusedPrefix) {
    }

    private final String[] cached;
    private final boolean[] busy;
    private final long[] lastUsed;
    private long clock;

    public SlotRouter(int slots) {
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be at least 1, got " + slots);
        }
        cached = new String[slots];
        Arrays.fill(cached, "");
        busy = new boolean[slots];
        lastUsed = new long[slots];
    }

    /** Precondition: fewer leases are held than there are slots. */
    public synchronized Lease acquire(String prompt) {
        int best = -1;
        int bestPrefix = -1;
        for (int slot = 0; slot < cached.length; slot++) {
            if (busy[slot]) {
                continue;
            }
            int prefix = commonPrefix(cached[slot], prompt);
            if (prefix > bestPrefix || (prefix == bestPrefix && lastUsed[slot] < lastUsed[best])) {
                best = slot;
                bestPrefix = prefix;
            }
        }
        if (best < 0) {
            throw new IllegalStateException("every one of the " + cached.length + " slots is busy");
        }
        busy[best] = true;
        lastUsed[best] = ++clock;
        return new Lease(best, bestPrefix);
    }

    /** The slot is free again and its cache holds {@code cachedText} (prompt + answer). */
    public synchronized void release(Lease lease, String cachedText) {
        busy[lease.slot()] = false;
        cached[lease.slot()] = cachedText;
    }

    static int commonPrefix(String a, String b) {
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }
}
