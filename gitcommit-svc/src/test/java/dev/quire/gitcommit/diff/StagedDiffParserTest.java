package dev.quire.gitcommit.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.quire.common.QuireException;
import dev.quire.proto.events.Failure;
import org.eclipse.jgit.diff.DiffEntry.ChangeType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagedDiffParserTest {

    private static final StagedDiffParser PARSER = new StagedDiffParser(1_000_000,
            new LockFiles(List.of("package-lock.json", "yarn.lock", "Cargo.lock")));

    @TempDir
    static Path repoDir;

    static String diff;

    @BeforeAll
    static void stageEveryKindOfChange() throws Exception {
        try (GitWorkTree repo = GitWorkTree.init(repoDir)) {
            repo.write("src/App.java", "class App {\n    void a() {}\n    void b() {}\n    void c() {}\n}\n")
                    .write("docs/guide.md", "# Guide\n\nA long enough guide so that a rename is detected as one.\nLine four.\nLine five.\n")
                    .write("obsolete.txt", "old\nstuff\n")
                    .write("web/package-lock.json", "{\n  \"lockfileVersion\": 3\n}\n")
                    .write("logo.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 1, 2, 3, 0, 4});
            repo.commitAll("initial");

            repo.write("src/App.java", "class App {\n    void a() {}\n    void renamedB() {}\n    void c() {}\n    void d() {}\n    void e() {}\n}\n")
                    .stage("src/App.java")
                    .write("src/Util.java", "class Util {\n    static int one() { return 1; }\n}\n")
                    .stage("src/Util.java")
                    .remove("obsolete.txt")
                    .move("docs/guide.md", "docs/manual.md")
                    .write("web/package-lock.json", "{\n  \"lockfileVersion\": 3,\n  \"requires\": true\n}\n")
                    .stage("web/package-lock.json")
                    .write("logo.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 9, 9, 9, 0, 5})
                    .stage("logo.png");
            diff = repo.stagedDiff();
        }
    }

    @Test
    void describesEveryChangedFileWithItsTypeAndCounts() {
        StagedDiff parsed = PARSER.parse(diff);
        Map<String, ChangedFile> byPath = parsed.described().stream()
                .collect(Collectors.toMap(ChangedFile::path, Function.identity()));
        assertEquals(List.of("docs/manual.md", "logo.png", "obsolete.txt", "src/App.java", "src/Util.java"),
                parsed.described().stream().map(ChangedFile::path).sorted().toList());

        ChangedFile app = byPath.get("src/App.java");
        assertEquals(ChangeType.MODIFY, app.changeType());
        assertEquals(3, app.linesAdded());
        assertEquals(1, app.linesRemoved());
        assertFalse(app.binary());
        assertEquals(1, app.hunks().size());
        assertTrue(app.hunks().get(0).startsWith("@@ -1,5 +1,7 @@"), app.hunks().get(0));
        assertTrue(app.hunks().get(0).contains("+    void renamedB() {}"));

        ChangedFile util = byPath.get("src/Util.java");
        assertEquals(ChangeType.ADD, util.changeType());
        assertEquals(3, util.linesAdded());
        assertEquals(0, util.linesRemoved());

        ChangedFile obsolete = byPath.get("obsolete.txt");
        assertEquals(ChangeType.DELETE, obsolete.changeType());
        assertEquals("obsolete.txt", obsolete.oldPath());
        assertEquals(2, obsolete.linesRemoved());

        ChangedFile manual = byPath.get("docs/manual.md");
        assertEquals(ChangeType.RENAME, manual.changeType());
        assertEquals("docs/guide.md", manual.oldPath());
        assertEquals("docs/guide.md -> docs/manual.md", manual.displayPath());
        assertEquals(0, manual.linesAdded() + manual.linesRemoved());

        ChangedFile logo = byPath.get("logo.png");
        assertTrue(logo.binary(), "a PNG must be recognised as binary");
        assertTrue(logo.hunks().isEmpty());
    }

    @Test
    void leavesLockFilesOutAndSaysSo() {
        StagedDiff parsed = PARSER.parse(diff);
        assertEquals(List.of("web/package-lock.json"), parsed.leftOut().stream().map(ChangedFile::path).toList());
        assertTrue(parsed.described().stream().noneMatch(f -> f.path().endsWith("package-lock.json")));
        assertEquals(List.of("lock files left out of the prompt: web/package-lock.json"), parsed.warnings());
    }

    @Test
    void refusesAnEmptyDiff() {
        for (String empty : new String[] {"", "  \n\t\n"}) {
            QuireException e = assertThrows(QuireException.InvalidRequest.class, () -> PARSER.parse(empty));
            assertEquals(Failure.Code.INVALID_ARGUMENT, e.code());
            assertTrue(e.getMessage().startsWith("diff is empty"), e.getMessage());
        }
    }

    @Test
    void refusesADiffOverTheLimitAndNamesTheLimit() {
        StagedDiffParser small = new StagedDiffParser(100, new LockFiles(List.of()));
        QuireException e = assertThrows(QuireException.InvalidRequest.class, () -> small.parse(diff));
        assertTrue(e.getMessage().contains("over the limit of 100 bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("diff is " + diff.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + " bytes"),
                e.getMessage());
    }

    @Test
    void refusesATruncatedHunkNamingItsLine() {
        // Drop the last body line of the last file's hunk: its header now promises more lines than follow.
        String whole = diff.stripTrailing();
        String truncated = whole.substring(0, whole.lastIndexOf('\n') + 1);
        int hunkLine = lineOf(truncated, truncated.lastIndexOf("\n@@ ") + 1);

        QuireException e = assertThrows(QuireException.InvalidRequest.class, () -> PARSER.parse(truncated));
        assertTrue(e.getMessage().startsWith("diff is not a valid unified diff: line " + hunkLine + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("Truncated hunk"), e.getMessage());
    }

    @Test
    void refusesAHunkWithoutFileHeaderNamingItsLine() {
        String orphan = "some notes\n@@ -1,2 +1,2 @@\n-a\n+b\n c\n";
        QuireException e = assertThrows(QuireException.InvalidRequest.class, () -> PARSER.parse(orphan));
        assertTrue(e.getMessage().startsWith("diff is not a valid unified diff: line 2: "), e.getMessage());
        assertTrue(e.getMessage().contains("@@ -1,2 +1,2 @@"), e.getMessage());
    }

    @Test
    void refusesTextWithoutFileSectionsExplainingWhatIsExpected() {
        QuireException e = assertThrows(QuireException.InvalidRequest.class,
                () -> PARSER.parse("Fixed the bug in the login form\nand some typos\n"));
        assertTrue(e.getMessage().contains("no file sections"), e.getMessage());
        assertTrue(e.getMessage().contains("git diff --staged"), e.getMessage());
    }

    @Test
    void countsLinesFromTheRequestsFirstLine() {
        byte[] text = "a\nb\nc\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(1, StagedDiffParser.lineNumber(text, 0));
        assertEquals(2, StagedDiffParser.lineNumber(text, 2));
        assertEquals(3, StagedDiffParser.lineNumber(text, 5));
    }

    private static int lineOf(String text, int offset) {
        return (int) text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
    }
}
