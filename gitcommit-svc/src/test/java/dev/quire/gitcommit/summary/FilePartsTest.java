package dev.quire.gitcommit.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import dev.quire.gitcommit.diff.ChangedFile;
import org.eclipse.jgit.diff.DiffEntry.ChangeType;
import org.junit.jupiter.api.Test;

class FilePartsTest {

    private static String hunk(int start, int lines) {
        StringBuilder text = new StringBuilder("@@ -0,0 +" + start + "," + lines + " @@\n");
        for (int i = 0; i < lines; i++) {
            text.append("+line ").append(start + i).append('\n');
        }
        return text.toString();
    }

    private static ChangedFile file(List<String> hunks) {
        return new ChangedFile(ChangeType.MODIFY, "a.txt", "a.txt", false, 0, 0, hunks);
    }

    @Test
    void smallHunksShareAPart() {
        List<FilePart> parts = FileParts.split(file(List.of(hunk(1, 3), hunk(10, 3))), 1000);
        assertEquals(1, parts.size());
        assertEquals(hunk(1, 3) + hunk(10, 3), parts.get(0).text());
    }

    @Test
    void hunksThatDoNotFitTogetherGetTheirOwnParts() {
        String a = hunk(1, 20);
        String b = hunk(100, 20);
        List<FilePart> parts = FileParts.split(file(List.of(a, b)), Math.max(a.length(), b.length()) + 10);
        assertEquals(List.of(a, b), parts.stream().map(FilePart::text).toList());
        assertEquals(2, parts.get(1).parts());
        assertEquals(2, parts.get(1).part());
    }

    @Test
    void aHunkOverTheBudgetIsCutBetweenLinesAndNoLineIsLost() {
        String big = hunk(1, 5000);
        List<FilePart> parts = FileParts.split(file(List.of(big)), 4000);
        assertTrue(parts.size() > 10, "parts: " + parts.size());
        long lines = parts.stream().flatMap(p -> p.text().lines()).filter(l -> l.startsWith("+line ")).count();
        assertEquals(5000, lines, "every line is in exactly one part");
        for (FilePart part : parts) {
            assertTrue(part.text().startsWith("@@ -0,0 +1,5000 @@\n"), "each piece keeps the hunk header");
            assertTrue(part.text().length() <= 4000, "part of " + part.text().length() + " characters");
        }
    }

    @Test
    void filesWithoutTextAreDescribedFromTheDiffsFacts() {
        assertEquals("binary file added", FileSummarizer.facts(new ChangedFile(ChangeType.ADD, "/dev/null", "logo.png", true, 0, 0, List.of())));
        assertEquals("modified (file mode only)", FileSummarizer.facts(new ChangedFile(ChangeType.MODIFY, "run.sh", "run.sh", false, 0, 0, List.of())));
        assertEquals("renamed without content changes", FileSummarizer.facts(new ChangedFile(ChangeType.RENAME, "a", "b", false, 0, 0, List.of())));
    }
}
