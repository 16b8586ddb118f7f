package dev.quire.cli.git;

import java.util.List;

/**
 * What a commit would record, ready to send.
 *
 * @param diff     unified diff of the files described, in the format of {@code git diff --staged}
 * @param files    paths in the diff, in diff order
 * @param leftOut  files left out of the diff, each with the reason
 * @param notes    other things the user should know (e.g. files that are not UTF-8)
 */
public record StagedChanges(String diff, List<String> files, List<LeftOutFile> leftOut, List<String> notes) {

    public StagedChanges {
        files = List.copyOf(files);
        leftOut = List.copyOf(leftOut);
        notes = List.copyOf(notes);
    }

    /** Nothing the model could describe: an empty commit, or only left-out files. */
    public boolean isEmpty() {
        return files.isEmpty();
    }

    /**
     * @param path   the file's path
     * @param reason why it was left out, e.g. "matches ignore pattern yarn.lock" or "linguist-generated"
     */
    public record LeftOutFile(String path, String reason) {

        @Override
        public String toString() {
            return path + " (" + reason + ")";
        }
    }
}
