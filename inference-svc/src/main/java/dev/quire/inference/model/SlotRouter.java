package dev.quire.inference.model;

import java.util.Arrays;

/**
 * Prefix-aware routing over an engine's slots: a request goes to the free slot whose cached text
 * (the last prompt and answer it held) shares the longest prefix with the new prompt, so a second
 * question over the same system prompt and schema skips most of the prefill; without a shared
 * prefix, the least recently used free slot. With prefix routing off (model config
 * {@code prefix_routing=false}) every request takes the least recently used free slot, whatever
 * its cache holds. The scheduler admits at most as many requests as there are slots, so a free
 * slot always exists when {@link #acquire} is called.
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
    private final boolean prefixRouting;
    private long clock;

    /** A router with prefix routing on. */
    public SlotRouter(int slots) {
        this(slots, true);
    }

    public SlotRouter(int slots, boolean prefixRouting) {
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be at least 1, got " + slots);
        }
        cached = new String[slots];
        Arrays.fill(cached, "");
        busy = new boolean[slots];
        lastUsed = new long[slots];
        this.prefixRouting = prefixRouting;
    }

    /** Precondition: fewer leases are held than there are slots. */
    public synchronized Lease acquire(String prompt) {
        int best = -1;
        int bestPrefix = -1;
        for (int slot = 0; slot < cached.length; slot++) {
            if (busy[slot]) {
                continue;
            }
            // Without routing every free slot ranks equal, so the least recently used one wins.
            int prefix = prefixRouting ? commonPrefix(cached[slot], prompt) : 0;
            if (prefix > bestPrefix || (prefix == bestPrefix && lastUsed[slot] < lastUsed[best])) {
                best = slot;
                bestPrefix = prefix;
            }
        }
        if (best < 0) {
            throw new IllegalStateException("every one of the " + cached.length + " slots is busy");
        }
        // What the engine will reuse of the chosen slot's cache, routed there or not.
        bestPrefix = commonPrefix(cached[best], prompt);
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
