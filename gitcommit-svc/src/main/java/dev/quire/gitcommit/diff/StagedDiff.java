package dev.quire.gitcommit.diff;

import java.util.List;

/**
 * A parsed diff split into what the prompt describes and what it leaves out.
 *
 * @param described files the prompt describes, in diff order
 * @param leftOut   files the prompt leaves out (lock files), in diff order
 * @param warnings  what the user must know about the parse (left-out files, parser warnings)
 */
public record StagedDiff(List<ChangedFile> described, List<ChangedFile> leftOut, List<String> warnings) {

    public StagedDiff {
        described = List.copyOf(described);
        leftOut = List.copyOf(leftOut);
        warnings = List.copyOf(warnings);
    }
}
