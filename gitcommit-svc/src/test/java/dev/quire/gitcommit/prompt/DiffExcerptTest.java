package dev.quire.gitcommit.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import dev.quire.gitcommit.diff.ChangedFile;
import org.eclipse.jgit.diff.DiffEntry.ChangeType;
import org.junit.jupiter.api.Test;

class DiffExcerptTest {

    private static ChangedFile file(String path, String... hunks) {
        return new ChangedFile(ChangeType.MODIFY, path, path, false, 1, 1, List.of(hunks));
    }

    private static String hunk(int chars) {
        return "@@ -1 +1 @@\n" + "+".repeat(chars - 13) + "\n";
    }

    @Test
    void showsEverythingThatFits() {
        DiffExcerpt excerpt = DiffExcerpt.within(List.of(file("a", hunk(40)), file("b", hunk(40))), 100);
        assertEquals(List.of("a", "b"), excerpt.sections().stream().map(DiffExcerpt.Section::path).toList());
        assertEquals(List.of(), excerpt.leftOut());
    }

    @Test
    void leavesOutWhatDoesNotFitAndNamesIt() {
        DiffExcerpt excerpt = DiffExcerpt.within(List.of(
                file("big", hunk(500)),
                file("two", hunk(40), hunk(40), hunk(40)),
                file("small", hunk(20))), 100);
        assertEquals(List.of("two", "small"), excerpt.sections().stream().map(DiffExcerpt.Section::path).toList());
        assertEquals(List.of("big (all 1 hunk)", "two (1 of 3 hunks)"), excerpt.leftOut());
        int shown = excerpt.sections().stream().mapToInt(s -> s.text().length()).sum();
        assertEquals(true, shown <= 100, "shown " + shown);
    }

    @Test
    void binaryFilesHaveNothingToLeaveOut() {
        ChangedFile png = new ChangedFile(ChangeType.MODIFY, "logo.png", "logo.png", true, 0, 0, List.of());
        DiffExcerpt excerpt = DiffExcerpt.within(List.of(png), 0);
        assertEquals(List.of(), excerpt.sections());
        assertEquals(List.of(), excerpt.leftOut());
    }
}
