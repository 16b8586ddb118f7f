package dev.quire.gitcommit.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import dev.quire.gitcommit.CommitOptionsResolver.EffectiveOptions;
import dev.quire.gitcommit.diff.GitWorkTree;
import dev.quire.gitcommit.diff.LockFiles;
import dev.quire.gitcommit.diff.StagedDiff;
import dev.quire.gitcommit.diff.StagedDiffParser;
import dev.quire.gitcommit.messaging.InMemoryChannels;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Renders the real template file through the shared PromptTemplates bean (default budget 12000 characters). */
@QuarkusTest
@QuarkusTestResource(InMemoryChannels.class)
class CommitPromptBuilderTest {

    private static final String BIG_LINE = "row,with,enough,columns,to,make,the,file,long";

    @TempDir
    static Path repoDir;

    static StagedDiff diff;

    @Inject
    CommitPromptBuilder builder;

    @BeforeAll
    static void stageABigAndTwoSmallFiles() throws Exception {
        try (GitWorkTree repo = GitWorkTree.init(repoDir)) {
            repo.write("src/App.java", "class App {\n    boolean a() { return 1 < 2 && true; }\n}\n");
            repo.commitAll("initial");
            // About 25000 characters of hunk: over the 12000 budget on its own.
            repo.write("data/big.csv", (BIG_LINE + "\n").repeat(500)).stage("data/big.csv")
                    .write("src/App.java", "class App {\n    boolean a() { return 1 < 2 && true; }\n    int b() { return 2; }\n}\n")
                    .stage("src/App.java")
                    .write("src/Util.java", "class Util {\n}\n").stage("src/Util.java");
            diff = new StagedDiffParser(1_000_000, new LockFiles(List.of())).parse(repo.stagedDiff());
        }
    }

    @Test
    void describesEveryFileAndShowsTheHunksThatFit() {
        CommitPrompt prompt = builder.build(diff, new EffectiveOptions(50, "English", false));
        String text = prompt.text();
        assertTrue(text.contains("- data/big.csv (added, +500 -0)"), text);
        assertTrue(text.contains("- src/App.java (modified, +1 -0)"), text);
        assertTrue(text.contains("- src/Util.java (added, +2 -0)"), text);
        assertTrue(text.contains("+    int b() { return 2; }"), text);
        assertTrue(text.contains("1 < 2 && true"), "diff text must not be HTML-escaped:\n" + text);
        assertFalse(text.contains(BIG_LINE), "the big file's hunk is over budget");
        assertTrue(text.length() < 12000 + 3000, "prompt length " + text.length());
        assertEquals(1, prompt.warnings().size());
        assertTrue(prompt.warnings().get(0).contains("12000 characters left out the changes of: data/big.csv (all 1 hunk)"),
                prompt.warnings().get(0));
    }

    @Test
    void carriesTheOptionsIntoTheInstructions() {
        String plain = builder.build(diff, new EffectiveOptions(50, "English", false)).text();
        assertTrue(plain.contains("at most 50 characters"), plain);
        assertTrue(plain.contains("Write the message in English."), plain);
        assertFalse(plain.contains("Conventional Commits"), plain);

        String conventional = builder.build(diff, new EffectiveOptions(72, "German", true)).text();
        assertTrue(conventional.contains("at most 72 characters"), conventional);
        assertTrue(conventional.contains("Write the message in German."), conventional);
        assertTrue(conventional.contains("Conventional Commits type"), conventional);
    }
}
