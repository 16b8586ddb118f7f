package dev.quire.gitcommit.summary;

import dev.quire.gitcommit.diff.ChangedFile;

/**
 * A piece of one file's diff small enough for one summary prompt.
 *
 * @param file  the file the piece belongs to
 * @param part  1-based position among the file's parts
 * @param parts how many parts the file was split into
 * @param text  hunks (or, for a hunk over budget, consecutive lines of it) with their header lines
 */
public record FilePart(ChangedFile file, int part, int parts, String text) {
}
