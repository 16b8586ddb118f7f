package dev.quire.gitcommit.prompt;

import dev.quire.gitcommit.diff.ChangedFile;
import io.quarkus.qute.TemplateData;

/**
 * One line of the prompt's file summary.
 *
 * @param path    display path (renames show both paths)
 * @param change  added, modified, deleted, renamed or copied
 * @param added   lines added
 * @param removed lines removed
 * @param binary  whether the diff has no text lines for the file
 * @param summary what the file's own summary call said; empty when there is none
 */
@TemplateData
public record FileLine(String path, String change, int added, int removed, boolean binary, String summary) {

    public static FileLine of(ChangedFile file) {
        return of(file, "");
    }

    public static FileLine of(ChangedFile file, String summary) {
        return new FileLine(file.displayPath(), file.changeLabel(), file.linesAdded(), file.linesRemoved(), file.binary(), summary);
    }
}
