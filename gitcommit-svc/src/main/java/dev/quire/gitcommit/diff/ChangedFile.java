package dev.quire.gitcommit.diff;

import java.util.List;

import org.eclipse.jgit.diff.DiffEntry.ChangeType;

/**
 * One file section of a diff, as the prompt and the reply need it.
 *
 * @param changeType   ADD, MODIFY, DELETE, RENAME or COPY
 * @param oldPath      path before the change ({@code /dev/null} for an added file)
 * @param newPath      path after the change ({@code /dev/null} for a deleted file)
 * @param binary       the diff shows no text lines for this file
 * @param linesAdded   lines added over all hunks
 * @param linesRemoved lines removed over all hunks
 * @param hunks        the text of each hunk, header line included, in diff order
 */
public record ChangedFile(ChangeType changeType, String oldPath, String newPath, boolean binary,
        int linesAdded, int linesRemoved, List<String> hunks) {

    public ChangedFile {
        hunks = List.copyOf(hunks);
    }

    /** The path the file has after the commit, or had before it when deleted. */
    public String path() {
        return changeType == ChangeType.DELETE ? oldPath : newPath;
    }

    /** The path as a reader wants it: renames and copies show where the file came from. */
    public String displayPath() {
        return switch (changeType) {
            case RENAME, COPY -> oldPath + " -> " + newPath;
            default -> path();
        };
    }

    /** The last path segment. */
    public String fileName() {
        String path = path();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The change as a past participle, for the prompt's file list. */
    public String changeLabel() {
        return switch (changeType) {
            case ADD -> "added";
            case MODIFY -> "modified";
            case DELETE -> "deleted";
            case RENAME -> "renamed";
            case COPY -> "copied";
        };
    }
}
