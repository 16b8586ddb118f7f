package dev.quire.gitcommit.summary;

import java.util.ArrayList;
import java.util.List;

import dev.quire.gitcommit.diff.ChangedFile;

/**
 * Splits a file's hunks into parts of at most a character budget: whole hunks while they fit, and a
 * hunk larger than the budget cut between lines (each piece repeats the hunk header). Every line of
 * the diff ends up in exactly one part: nothing is skipped.
 */
public final class FileParts {

    private FileParts() {
    }

    public static List<FilePart> split(ChangedFile file, int budgetChars) {
        List<String> pieces = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String hunk : file.hunks()) {
            if (hunk.length() > budgetChars) {
                flush(current, pieces);
                pieces.addAll(cutHunk(hunk, budgetChars));
            } else {
                if (current.length() + hunk.length() > budgetChars) {
                    flush(current, pieces);
                }
                current.append(hunk);
            }
        }
        flush(current, pieces);
        List<FilePart> parts = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) {
            parts.add(new FilePart(file, i + 1, pieces.size(), pieces.get(i)));
        }
        return parts;
    }

    /** Pieces of one hunk; a single line over the budget becomes a piece of its own rather than being cut. */
    private static List<String> cutHunk(String hunk, int budgetChars) {
        List<String> lines = hunk.lines().toList();
        String header = lines.get(0) + "\n";
        List<String> pieces = new ArrayList<>();
        StringBuilder current = new StringBuilder(header);
        for (String line : lines.subList(1, lines.size())) {
            if (current.length() > header.length() && current.length() + line.length() + 1 > budgetChars) {
                pieces.add(current.toString());
                current = new StringBuilder(header);
            }
            current.append(line).append('\n');
        }
        if (current.length() > header.length()) {
            pieces.add(current.toString());
        }
        return pieces;
    }

    private static void flush(StringBuilder current, List<String> pieces) {
        if (current.length() > 0) {
            pieces.add(current.toString());
            current.setLength(0);
        }
    }
}
