package dev.quire.gitcommit.prompt;

import java.util.ArrayList;
import java.util.List;

import dev.quire.gitcommit.diff.ChangedFile;
import io.quarkus.qute.TemplateData;

/**
 * The hunks that fit a character budget. Files are taken in diff order and each file's hunks in
 * order while they fit; the first hunk of a file that does not fit ends that file (a file never
 * shows a hunk after a gap), and the next file is tried. What is left out is named, never dropped
 * silently.
 *
 * @param sections the hunks the prompt shows, grouped by file
 * @param leftOut  one entry per file whose hunks were (partly) left out, e.g. "big.csv (all 2 hunks)"
 */
public record DiffExcerpt(List<Section> sections, List<String> leftOut) {

    public DiffExcerpt {
        sections = List.copyOf(sections);
        leftOut = List.copyOf(leftOut);
    }

    public static DiffExcerpt within(List<ChangedFile> files, int budgetChars) {
        int remaining = budgetChars;
        List<Section> sections = new ArrayList<>();
        List<String> leftOut = new ArrayList<>();
        for (ChangedFile file : files) {
            List<String> hunks = file.hunks();
            int shown = 0;
            while (shown < hunks.size() && hunks.get(shown).length() <= remaining) {
                remaining -= hunks.get(shown).length();
                shown++;
            }
            if (shown > 0) {
                sections.add(new Section(file.displayPath(), String.join("", hunks.subList(0, shown)).stripTrailing()));
            }
            if (shown < hunks.size()) {
                leftOut.add(file.displayPath() + (shown == 0
                        ? " (all " + hunks.size() + (hunks.size() == 1 ? " hunk)" : " hunks)")
                        : " (" + (hunks.size() - shown) + " of " + hunks.size() + " hunks)"));
            }
        }
        return new DiffExcerpt(sections, leftOut);
    }

    /** Characters of the hunks shown. */
    public int chars() {
        return sections.stream().mapToInt(s -> s.text().length()).sum();
    }

    /**
     * @param path the file's display path
     * @param text its shown hunks, header lines included
     */
    @TemplateData
    public record Section(String path, String text) {
    }
}
