package dev.quire.inference.model;

import java.util.Arrays;

/**
 * Prefix-aware routing over an engine's slots: a request goes to the free slot whose cached text
 * (the last prompt and answer it held) shares the longest prefix with the new prompt, so a second
 * question over the same system prompt and schema skips most of the prefill. A match counts only
 * when it covers at least {@link #MIN_SHARED_FRACTION} of the prompt; otherwise the least recently
 * used free slot is taken. Without that threshold, prompts that share only a system prompt (same
 * instructions, different database schemas) would all crowd into the one slot holding it and
 * evict each other's schemas, leaving the other slots unused. With prefix routing off (model config
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

    /** As llama.cpp's own slot choice (slot_prompt_similarity, default 0.5). */
    static final double MIN_SHARED_FRACTION = 0.5;

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
        int longest = -1;
        int longestPrefix = -1;
        int leastRecent = -1;
        int[] prefixes = new int[cached.length];
        for (int slot = 0; slot < cached.length; slot++) {
            if (busy[slot]) {
                continue;
            }
            int prefix = commonPrefix(cached[slot], prompt);
            prefixes[slot] = prefix;
            if (prefix > longestPrefix) {
                longest = slot;
                longestPrefix = prefix;
            }
            if (leastRecent < 0 || lastUsed[slot] < lastUsed[leastRecent]) {
                leastRecent = slot;
            }
        }
        if (leastRecent < 0) {
            throw new IllegalStateException("every one of the " + cached.length + " slots is busy");
        }
        boolean match = prefixRouting && longestPrefix > 0 && longestPrefix >= MIN_SHARED_FRACTION * prompt.length();
        int chosen = match ? longest : leastRecent;
        busy[chosen] = true;
        lastUsed[chosen] = ++clock;
        // What the engine will reuse of the chosen slot's cache, routed there or not.
        return new Lease(chosen, prefixes[chosen]);
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
