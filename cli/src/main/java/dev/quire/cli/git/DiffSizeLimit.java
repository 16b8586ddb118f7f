package dev.quire.cli.git;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Keeps the diff sent within the server's limit on diff size (the gateway's and gitcommit-svc's
 * max-diff-bytes, 1,000,000 by default), which refuses a bigger diff whole: one staged data dump
 * or generated file would otherwise cost the message for every other file. The largest files are
 * left out until the rest fits, each named with its size and the limit (gptcommit skips oversized
 * files silently, and its users complain); the model then describes the others.
 */
final class DiffSizeLimit {

    /** One file's part of the diff, as {@code git diff --staged} prints it, and its size in UTF-8. */
    record FileDiff(String path, String text, int bytes) {

        static FileDiff of(String path, String text) {
            return new FileDiff(path, text, text.getBytes(StandardCharsets.UTF_8).length);
        }
    }

    private DiffSizeLimit() {
    }

    /**
     * @param files    every described file's diff, in diff order
     * @param limit    most bytes (UTF-8) the whole diff may have
     * @param leftOut  receives the files left out, with their reason
     * @return the files that fit, in diff order
     */
    static List<FileDiff> fit(List<FileDiff> files, int limit, List<StagedChanges.LeftOutFile> leftOut) {
        long total = files.stream().mapToLong(FileDiff::bytes).sum();
        if (total <= limit) {
            return files;
        }
        Set<FileDiff> dropped = new HashSet<>();
        List<FileDiff> largestFirst = new ArrayList<>(files);
        largestFirst.sort(Comparator.comparingInt(FileDiff::bytes).reversed());
        for (FileDiff file : largestFirst) {
            if (total <= limit) {
                break;
            }
            dropped.add(file);
            total -= file.bytes();
            leftOut.add(new StagedChanges.LeftOutFile(file.path(), String.format(Locale.ROOT,
                    "its diff is %,d bytes; the diff sent may have at most %,d (diff.limit, the server's max-diff-bytes)", file.bytes(), limit)));
        }
        return files.stream().filter(f -> !dropped.contains(f)).toList();
    }
}
