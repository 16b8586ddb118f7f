package dev.quire.gitcommit.diff;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.quire.common.QuireException;
import org.eclipse.jgit.patch.FileHeader;
import org.eclipse.jgit.patch.FormatError;
import org.eclipse.jgit.patch.HunkHeader;
import org.eclipse.jgit.patch.Patch;
import org.eclipse.jgit.util.RawParseUtils;

/**
 * Reads the text {@code git diff --staged} prints with JGit's patch parser. Refuses what it cannot
 * describe honestly (empty, too large, unparsable, no file sections) and sets lock files aside.
 */
public final class StagedDiffParser {

    /** Parser messages quote the offending line, shortened to this many characters. */
    private static final int QUOTED_LINE_CHARS = 80;

    private final int maxBytes;
    private final LockFiles lockFiles;

    public StagedDiffParser(int maxBytes, LockFiles lockFiles) {
        this.maxBytes = maxBytes;
        this.lockFiles = lockFiles;
    }

    public StagedDiff parse(String diff) {
        if (diff == null || diff.isBlank()) {
            throw new QuireException.InvalidRequest("diff is empty: stage some changes and send the output of `git diff --staged`");
        }
        byte[] bytes = diff.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > maxBytes) {
            throw new QuireException.InvalidRequest("diff is " + bytes.length + " bytes, over the limit of " + maxBytes
                    + " bytes; commit in smaller steps or raise quire.commit.max-diff-bytes");
        }
        Patch patch = new Patch();
        try {
            patch.parse(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("reading an in-memory diff cannot fail", e);
        }
        List<String> warnings = new ArrayList<>();
        for (FormatError error : patch.getErrors()) {
            if (error.getSeverity() == FormatError.Severity.ERROR) {
                throw new QuireException.InvalidRequest("diff is not a valid unified diff: " + describe(error));
            }
            warnings.add("diff parser warning: " + describe(error));
        }
        if (patch.getFiles().isEmpty()) {
            throw new QuireException.InvalidRequest("diff contains no file sections: expected a unified diff as "
                    + "`git diff --staged` prints it (lines starting with 'diff --git' or '---'/'+++' followed by '@@' hunks)");
        }
        List<ChangedFile> described = new ArrayList<>();
        List<ChangedFile> leftOut = new ArrayList<>();
        for (FileHeader header : patch.getFiles()) {
            ChangedFile file = toChangedFile(header);
            (lockFiles.isLockFile(file) ? leftOut : described).add(file);
        }
        if (!leftOut.isEmpty()) {
            warnings.add("lock files left out of the prompt: "
                    + String.join(", ", leftOut.stream().map(ChangedFile::path).toList()));
        }
        return new StagedDiff(described, leftOut, warnings);
    }

    private static ChangedFile toChangedFile(FileHeader header) {
        int added = 0;
        int removed = 0;
        List<String> hunks = new ArrayList<>();
        for (HunkHeader hunk : header.getHunks()) {
            added += hunk.getOldImage().getLinesAdded();
            removed += hunk.getOldImage().getLinesDeleted();
            hunks.add(RawParseUtils.decode(hunk.getBuffer(), hunk.getStartOffset(), hunk.getEndOffset()));
        }
        boolean binary = header.getPatchType() != FileHeader.PatchType.UNIFIED;
        return new ChangedFile(header.getChangeType(), header.getOldPath(), header.getNewPath(), binary, added, removed, hunks);
    }

    /** "line N: message: `quoted line`", the line counted from 1 in the request's diff. */
    private static String describe(FormatError error) {
        String line = error.getLineText().strip();
        if (line.length() > QUOTED_LINE_CHARS) {
            line = line.substring(0, QUOTED_LINE_CHARS) + "...";
        }
        return "line " + lineNumber(error.getBuffer(), error.getOffset()) + ": " + error.getMessage() + ": `" + line + "`";
    }

    static int lineNumber(byte[] buffer, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < buffer.length; i++) {
            if (buffer[i] == '\n') {
                line++;
            }
        }
        return line;
    }
}
