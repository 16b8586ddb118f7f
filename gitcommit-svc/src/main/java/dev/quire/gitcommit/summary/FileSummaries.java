package dev.quire.gitcommit.summary;

import java.util.List;
import java.util.Map;

/**
 * One summary per described file, and what the user must know about how they were made.
 *
 * @param byPath   summary text per file path
 * @param calls    model calls made
 * @param warnings e.g. files split into parts
 */
public record FileSummaries(Map<String, String> byPath, int calls, List<String> warnings) {

    public FileSummaries {
        byPath = Map.copyOf(byPath);
        warnings = List.copyOf(warnings);
    }
}
