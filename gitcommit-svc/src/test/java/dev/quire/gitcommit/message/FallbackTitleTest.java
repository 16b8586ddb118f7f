package dev.quire.gitcommit.message;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import dev.quire.gitcommit.diff.ChangedFile;
import org.eclipse.jgit.diff.DiffEntry.ChangeType;
import org.junit.jupiter.api.Test;

class FallbackTitleTest {

    private static ChangedFile file(ChangeType type, String oldPath, String newPath) {
        return new ChangedFile(type, oldPath, newPath, false, 1, 1, List.of());
    }

    @Test
    void namesTheSingleFileByWhatHappenedToIt() {
        assertEquals("Add Util.java", FallbackTitle.of(List.of(file(ChangeType.ADD, "/dev/null", "src/Util.java")), false));
        assertEquals("Remove old.txt", FallbackTitle.of(List.of(file(ChangeType.DELETE, "old.txt", "/dev/null")), false));
        assertEquals("Update App.java", FallbackTitle.of(List.of(file(ChangeType.MODIFY, "src/App.java", "src/App.java")), false));
        assertEquals("Rename guide.md to manual.md",
                FallbackTitle.of(List.of(file(ChangeType.RENAME, "docs/guide.md", "docs/manual.md")), false));
    }

    @Test
    void countsSeveralFiles() {
        assertEquals("Update 2 files", FallbackTitle.of(List.of(
                file(ChangeType.ADD, "/dev/null", "a"), file(ChangeType.MODIFY, "b", "b")), false));
    }

    @Test
    void usesAConventionalTypeWhenAsked() {
        assertEquals("chore: add Util.java", FallbackTitle.of(List.of(file(ChangeType.ADD, "/dev/null", "src/Util.java")), true));
    }
}
