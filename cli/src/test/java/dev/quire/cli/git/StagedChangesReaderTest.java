package dev.quire.cli.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import dev.quire.cli.config.ConfigLoader;
import dev.quire.cli.support.GitRepo;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Staged changes read with JGit from repositories built by the real git binary. */
class StagedChangesReaderTest {

    @TempDir
    Path tmp;

    private GitRepo repo() throws IOException {
        return GitRepo.init(tmp.resolve("repo"), tmp.resolve("home"));
    }

    private static StagedChanges read(GitRepo repo, boolean amend) throws IOException {
        return read(repo, amend, ConfigLoader.DEFAULT_DIFF_LIMIT);
    }

    private static StagedChanges read(GitRepo repo, boolean amend, int diffLimit) throws IOException {
        try (Repository repository = new FileRepositoryBuilder().setGitDir(repo.gitDir().toFile()).setMustExist(true).build()) {
            return new StagedChangesReader(repository, new GeneratedFiles(ConfigLoader.DEFAULT_IGNORE), diffLimit).read(amend);
        }
    }

    /**
     * The server refuses a diff over its max-diff-bytes whole; the largest files are left out, with
     * the reason, until the rest fits, so one data dump does not cost the message for the others.
     */
    @Test
    void theLargestFilesAreLeftOutUntilTheDiffFitsTheLimit() throws IOException {
        GitRepo repo = repo();
        repo.write("src/Main.java", "class Main {}\n").write("data/dump.csv", "row,value\n".repeat(3_000))
                .write("data/other.csv", "a,b\n".repeat(1_000)).add("src/Main.java").add("data/dump.csv").add("data/other.csv");
        StagedChanges all = read(repo, false);
        assertEquals(3, all.files().size(), "within the default limit nothing is left out");
        assertTrue(all.leftOut().isEmpty(), all.leftOut().toString());

        StagedChanges fitted = read(repo, false, 10_000);
        assertEquals(List.of("data/other.csv", "src/Main.java"), fitted.files().stream().sorted().toList());
        assertTrue(fitted.diff().length() <= 10_000 && fitted.diff().contains("+class Main {}"), fitted.diff());
        assertEquals(1, fitted.leftOut().size(), fitted.leftOut().toString());
        StagedChanges.LeftOutFile dump = fitted.leftOut().get(0);
        assertEquals("data/dump.csv", dump.path());
        assertTrue(dump.reason().matches("its diff is \\d{2},\\d{3} bytes; the diff sent may have at most 10,000 \\(diff.limit, the server's max-diff-bytes\\)"),
                dump.reason());

        StagedChanges nothingFits = read(repo, false, 100);
        assertTrue(nothingFits.isEmpty(), nothingFits.files().toString());
        assertEquals(3, nothingFits.leftOut().size(), nothingFits.leftOut().toString());
    }

    @Test
    void initialCommitIsDiffedAgainstTheEmptyTree() throws IOException {
        GitRepo repo = repo();
        repo.write("README.md", "hello\n").add("README.md");
        StagedChanges changes = read(repo, false);
        assertEquals(List.of("README.md"), changes.files());
        assertTrue(changes.diff().contains("new file mode 100644"), changes.diff());
        assertTrue(changes.diff().contains("+hello"), changes.diff());
    }

    @Test
    void onlyStagedChangesCountNotTheWorkTree() throws IOException {
        GitRepo repo = repo();
        repo.write("a.txt", "one\n").commitAll("init");
        repo.write("a.txt", "one\ntwo\n").add("a.txt");
        repo.write("a.txt", "one\ntwo\nunstaged\n");
        StagedChanges changes = read(repo, false);
        assertTrue(changes.diff().contains("+two"), changes.diff());
        assertFalse(changes.diff().contains("unstaged"), changes.diff());
    }

    @Test
    void renamesCopiesDeletionsAndModeChangesComeOutAsGitPrintsThem() throws IOException {
        GitRepo repo = repo();
        String body = "line\n".repeat(20);
        repo.write("old/name.txt", body).write("gone.txt", "bye\n").write("run.sh", "echo hi\n")
                .write("src.txt", "copy me\n".repeat(20)).commitAll("init");
        java.nio.file.Files.createDirectories(repo.dir().resolve("new"));
        repo.git("mv", "old/name.txt", "new/name.txt");
        repo.git("rm", "-q", "gone.txt");
        repo.git("update-index", "--chmod=+x", "run.sh");
        // JGit (like git without --find-copies-harder) finds copies among the sources that leave:
        // src.txt moved to two places is one rename and one copy.
        repo.git("rm", "-q", "src.txt");
        repo.write("a/src.txt", "copy me\n".repeat(20)).write("b/src.txt", "copy me\n".repeat(20)).add("a/src.txt", "b/src.txt");
        String diff = read(repo, false).diff();
        assertTrue(diff.contains("rename from old/name.txt\nrename to new/name.txt"), diff);
        assertTrue(diff.contains("deleted file mode 100644"), diff);
        assertTrue(diff.contains("old mode 100644\nnew mode 100755"), diff);
        assertTrue(diff.contains("copy from src.txt"), diff);
        assertTrue(diff.contains("rename from src.txt"), diff);
    }

    @Test
    void binaryFilesAndSubmodulesAreNamedWithoutTheirBytes() throws IOException {
        GitRepo sub = GitRepo.init(tmp.resolve("sub"), tmp.resolve("home"));
        sub.write("lib.txt", "lib\n").commitAll("lib");
        GitRepo repo = repo();
        repo.write("a.txt", "a\n").commitAll("init");
        repo.write("logo.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 1, 2, 3, 0, 4}).add("logo.png");
        repo.git("-c", "protocol.file.allow=always", "submodule", "add", "-q", sub.dir().toString(), "vendor/lib");
        StagedChanges changes = read(repo, false);
        assertTrue(changes.diff().contains("diff --git a/logo.png b/logo.png"), changes.diff());
        assertTrue(changes.diff().contains("Binary files differ"), changes.diff());
        assertTrue(changes.diff().contains("+Subproject commit "), changes.diff());
        assertTrue(changes.files().containsAll(List.of("logo.png", "vendor/lib", ".gitmodules")), changes.files().toString());
    }

    @Test
    void lockFilesAndLinguistGeneratedFilesAreLeftOutAndNamed() throws IOException {
        GitRepo repo = repo();
        repo.write(".gitattributes", "gen/** linguist-generated\nyarn.lock -linguist-generated\n").commitAll("init");
        repo.write("app.js", "run()\n").write("package-lock.json", "{}\n").write("gen/api.ts", "x\n")
                .write("yarn.lock", "a@1\n").add("app.js", "package-lock.json", "gen/api.ts", "yarn.lock");
        StagedChanges changes = read(repo, false);
        // yarn.lock is kept: -linguist-generated says a person wrote it, overriding the default list.
        assertEquals(List.of("app.js", "yarn.lock"), changes.files());
        assertEquals("package-lock.json (ignore pattern package-lock.json)", changes.leftOut().stream()
                .filter(f -> f.path().equals("package-lock.json")).findFirst().orElseThrow().toString());
        assertEquals("linguist-generated in .gitattributes", changes.leftOut().stream()
                .filter(f -> f.path().equals("gen/api.ts")).findFirst().orElseThrow().reason());
        assertFalse(changes.diff().contains("gen/api.ts"), changes.diff());
    }

    @Test
    void nonUtf8FilesAreReadAsLatin1AndSaidSo() throws IOException {
        GitRepo repo = repo();
        repo.write("latin.txt", "caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1)).add("latin.txt");
        StagedChanges changes = read(repo, false);
        assertTrue(changes.diff().contains("+caf\u00e9"), changes.diff());
        assertEquals(List.of("latin.txt is not UTF-8; its changes were read as ISO-8859-1"), changes.notes());
    }

    @Test
    void amendDescribesHeadsOwnChangesToo() throws IOException {
        GitRepo repo = repo();
        repo.write("a.txt", "a\n").commitAll("init");
        repo.write("b.txt", "b\n").commitAll("add b");
        repo.write("c.txt", "c\n").add("c.txt");
        assertEquals(List.of("c.txt"), read(repo, false).files());
        assertEquals(List.of("b.txt", "c.txt"), read(repo, true).files());
    }

    @Test
    void anEmptyIndexChangeIsEmpty() throws IOException {
        GitRepo repo = repo();
        repo.write("a.txt", "a\n").commitAll("init");
        assertTrue(read(repo, false).isEmpty());
    }
}
