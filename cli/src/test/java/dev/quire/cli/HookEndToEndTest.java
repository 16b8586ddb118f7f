package dev.quire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.cli.support.Cli;
import dev.quire.cli.support.FakeGateway;
import dev.quire.cli.support.GitRepo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real {@code git commit} runs in repositories made by the test, with the hook installed by the CLI.
 * The gateway is an in-test HTTP server speaking the gateway's own JSON contract.
 */
class HookEndToEndTest {

    private static final String EDITOR_TEXT = "written by the editor";

    @TempDir
    Path tmp;

    private GitRepo repo;
    private FakeGateway gateway;

    @BeforeEach
    void setUp() throws IOException {
        gateway = new FakeGateway();
        repo = GitRepo.init(tmp.resolve("repo"), tmp.resolve("home"));
        repo.env().put("QUIRE_GATEWAY_URL", gateway.url().toString());
        // An editor that writes a message only when it finds none: shows what git would commit without Quire.
        Path editor = tmp.resolve("editor.sh");
        Files.writeString(editor, "#!/bin/sh\nif [ -z \"$(grep -v '^#' \"$1\" | tr -d '[:space:]')\" ]; then printf '"
                + EDITOR_TEXT + "\\n' > \"$1\"; fi\n");
        Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwxr-xr-x"));
        repo.env().put("GIT_EDITOR", editor.toString());
        repo.write("README.md", "hello\n").commitAll("docs: add readme");
        repo.write("src/lexer.txt", "tokens\n").commitAll("lexer: split tokens on spaces");
        Cli.Run install = Cli.run(repo, Map.of(), "commit", "hook", "install");
        assertEquals(0, install.exitCode(), install.err());
    }

    @AfterEach
    void tearDown() {
        gateway.close();
    }

    private GitRepo.Result commit(String... args) throws IOException {
        return commit(Map.of(), args);
    }

    private GitRepo.Result commit(Map<String, String> env, String... args) throws IOException {
        String[] full = new String[args.length + 2];
        full[0] = "commit";
        full[1] = "-q";
        System.arraycopy(args, 0, full, 2, args.length);
        GitRepo.Result result = repo.run(env, full);
        assertEquals(0, result.exitCode(), "git commit must succeed: " + result.stderr());
        return result;
    }

    private static List<String> quireLines(GitRepo.Result result) {
        return result.stderr().lines().filter(l -> l.startsWith("quire:")).toList();
    }

    @Test
    void aPlainCommitGetsTheSuggestionWithTheProjectsRecentTitles() throws IOException {
        repo.write("src/parser.txt", "grammar\n").add("src/parser.txt");
        GitRepo.Result result = commit();
        assertEquals("Change src/parser.txt\n\nDescribe the change to src/parser.txt.", repo.message("HEAD"));
        assertEquals(List.of(), quireLines(result));
        JsonNode request = gateway.requests().get(0);
        assertTrue(request.path("diff").asText().contains("+grammar"), request.toString());
        assertEquals(50, request.path("options").path("maxTitleLength").asInt());
        assertEquals("[\"lexer: split tokens on spaces\",\"docs: add readme\"]", request.path("options").path("history").toString());
        assertEquals(10_000, request.path("timeoutMs").asLong());
    }

    @Test
    void messageMergeAndSquashCommitsAreLeftAlone() throws IOException {
        repo.write("a.txt", "a\n").add("a.txt");
        commit("-m", "mine");
        assertEquals("mine", repo.message("HEAD"));

        repo.git("checkout", "-q", "-b", "feature");
        repo.write("f.txt", "f\n").commitAll("feature work");
        repo.git("checkout", "-q", "main");
        repo.write("m.txt", "m\n").commitAll("main work");
        GitRepo.Result merge = repo.run("merge", "-q", "--no-ff", "feature");
        assertEquals(0, merge.exitCode(), merge.stderr());
        assertEquals("Merge branch 'feature'", repo.message("HEAD"));

        repo.git("checkout", "-q", "-b", "feature2");
        repo.write("g.txt", "g\n").commitAll("more feature work");
        repo.git("checkout", "-q", "main");
        repo.git("merge", "-q", "--squash", "feature2");
        commit();
        assertTrue(repo.message("HEAD").startsWith("Squashed commit of the following"), repo.message("HEAD"));
        assertEquals(0, gateway.requests().size(), "no request for -m, merge or squash commits");
    }

    @Test
    void amendIsLeftAloneUnlessConfigured() throws IOException {
        repo.write("b.txt", "b\n").add("b.txt");
        commit("-m", "first try");
        commit("--amend");
        assertEquals("first try", repo.message("HEAD"));
        assertEquals(0, gateway.requests().size());

        commit(Map.of("QUIRE_HOOK_AMEND", "true"), "--amend");
        assertEquals("Change b.txt\n\nDescribe the change to b.txt.", repo.message("HEAD"),
                "the amended commit's own changes are described");
        assertEquals(1, gateway.requests().size());
    }

    @Test
    void renamesAndBinaryFilesReachTheGatewayAsGitShowsThem() throws IOException {
        repo.git("mv", "src/lexer.txt", "src/scanner.txt");
        repo.write("logo.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 0, 2}).add("logo.png");
        commit();
        String diff = gateway.requests().get(0).path("diff").asText();
        assertTrue(diff.contains("rename from src/lexer.txt\nrename to src/scanner.txt"), diff);
        assertTrue(diff.contains("diff --git a/logo.png b/logo.png") && diff.contains("Binary files differ"), diff);
        assertTrue(repo.message("HEAD").startsWith("Change logo.png"), repo.message("HEAD"));
    }

    @Test
    void aFiveThousandLineDiffIsSentWhole() throws IOException {
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            big.append("row ").append(i).append('\n');
        }
        repo.write("data/big.txt", big.toString()).add("data/big.txt");
        commit();
        String diff = gateway.requests().get(0).path("diff").asText();
        assertEquals(5000, diff.lines().filter(l -> l.startsWith("+row ")).count(), "every line sent, none cut");
        assertTrue(repo.message("HEAD").startsWith("Change data/big.txt"));
    }

    @Test
    void anEmptyCommitKeepsGitsOwnFlow() throws IOException {
        commit("--allow-empty");
        assertEquals(EDITOR_TEXT, repo.message("HEAD"));
        assertEquals(0, gateway.requests().size(), "nothing to describe, nothing asked");
    }

    @Test
    void aNonUtf8FileIsSentReadableAndTheUserIsTold() throws IOException {
        repo.write("latin.txt", "caf\u00e9 cr\u00e8me\n".getBytes(StandardCharsets.ISO_8859_1)).add("latin.txt");
        commit();
        assertTrue(gateway.requests().get(0).path("diff").asText().contains("+caf\u00e9 cr\u00e8me"));
        assertEquals("Change latin.txt\n\nDescribe the change to latin.txt.", repo.message("HEAD"),
                "the note about the encoding is a comment git strips");
    }

    @Test
    void lockFilesAreLeftOutAndNamedInTheComments() throws IOException {
        repo.write("yarn.lock", "a@1\n").write("app.js", "run()\n").add("yarn.lock", "app.js");
        Cli.Run run = Cli.run(repo, Map.of(), "commit", "message");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("quire: left out yarn.lock (ignore pattern yarn.lock)"), run.err());
        assertFalse(gateway.requests().get(0).path("diff").asText().contains("yarn.lock"));
    }

    @Test
    void gatewayDownTheCommitProceedsWithOneLineOnStderr() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        repo.write("c.txt", "c\n").add("c.txt");
        GitRepo.Result result = commit(Map.of("QUIRE_GATEWAY_URL", "http://127.0.0.1:" + closedPort));
        assertEquals(EDITOR_TEXT, repo.message("HEAD"));
        List<String> lines = quireLines(result);
        assertEquals(1, lines.size(), result.stderr());
        assertTrue(lines.get(0).contains("cannot reach the gateway") && lines.get(0).endsWith("git's message left unchanged"),
                lines.get(0));
    }

    @Test
    void aGatewayThatNeverAnswersCostsNoMoreThanTheTimeout() throws IOException {
        gateway.hanging();
        repo.write("d.txt", "d\n").add("d.txt");
        GitRepo.Result result = commit(Map.of("QUIRE_TIMEOUT", "2s"));
        assertEquals(EDITOR_TEXT, repo.message("HEAD"));
        assertEquals(List.of("quire: no suggestion within 2000 ms (timeout setting); git's message left unchanged"),
                quireLines(result));
        // Loose on purpose (a busy CI machine): the hook must not wait for the answer that never comes.
        assertTrue(result.millis() < 30_000, "the commit took " + result.millis() + " ms");
    }

    @Test
    void aGatewayErrorIsOneLineNamingTheProblem() throws IOException {
        gateway.answering(request -> new FakeGateway.Answer(400,
                "{\"error\":{\"code\":\"INVALID_ARGUMENT\",\"message\":\"diff is not a valid unified diff: line 3: bad hunk\"}}"));
        repo.write("e.txt", "e\n").add("e.txt");
        GitRepo.Result result = commit();
        assertEquals(EDITOR_TEXT, repo.message("HEAD"));
        assertEquals(List.of("quire: the gateway answered HTTP 400 INVALID_ARGUMENT: diff is not a valid unified diff: line 3: "
                + "bad hunk; git's message left unchanged"), quireLines(result));
    }

    @Test
    void theApiKeyIsSentAsBearerAndNeverPrinted() throws IOException {
        gateway.answering(request -> new FakeGateway.Answer(503, "{\"error\":{\"code\":\"UNAVAILABLE\",\"message\":\"Kafka down\"}}"));
        repo.write("k.txt", "k\n").add("k.txt");
        GitRepo.Result result = commit(Map.of("QUIRE_API_KEY", "k3y-s3cret"));
        assertEquals(List.of("Bearer k3y-s3cret"), gateway.authorizations());
        assertFalse(result.stderr().contains("k3y-s3cret"), result.stderr());
        assertEquals(1, quireLines(result).size(), result.stderr());
    }

    @Test
    void anExistingHookIsChainedAndRestored() throws IOException {
        Cli.run(repo, Map.of(), "commit", "hook", "uninstall");
        Path hook = repo.gitDir().resolve("hooks/prepare-commit-msg");
        String original = "#!/bin/sh\necho 'Ticket: ABC-1' >> \"$1\"\n";
        Files.writeString(hook, original);
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
        Cli.Run install = Cli.run(repo, Map.of(), "commit", "hook", "install");
        assertTrue(install.out().contains("kept as prepare-commit-msg.quire-chained"), install.out());

        repo.write("t.txt", "t\n").add("t.txt");
        commit();
        assertEquals("Change t.txt\n\nDescribe the change to t.txt.\n\nTicket: ABC-1", repo.message("HEAD"));

        Cli.run(repo, Map.of(), "commit", "hook", "uninstall");
        assertEquals(original, Files.readString(hook));
        repo.write("u.txt", "u\n").add("u.txt");
        commit();
        assertEquals("Ticket: ABC-1", repo.message("HEAD"), "the original hook alone, as before Quire");
        assertEquals(1, gateway.requests().size(), "Quire is gone after uninstall");
    }

    @Test
    void learningRecordsSuggestedAndFinalMessages() throws IOException {
        Path editor = tmp.resolve("edit-title.sh");
        Files.writeString(editor, "#!/bin/sh\nsed -i '1s/^Change/Rework/' \"$1\"\n");
        Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> env = Map.of("QUIRE_LEARN", "true", "GIT_EDITOR", editor.toString());
        repo.write("l.txt", "l\n").add("l.txt");
        commit(env);
        repo.write("m.txt", "m\n").add("m.txt");
        commit(Map.of("QUIRE_LEARN", "true"));
        repo.write("n.txt", "n\n").add("n.txt");
        commit(Map.of("QUIRE_LEARN", "true"), "-m", "typed by hand");

        Cli.Run stats = Cli.run(repo, Map.of(), "commit", "stats");
        assertTrue(stats.out().contains("commits recorded: 2"), stats.out());
        assertTrue(stats.out().contains("accepted unchanged: 1 (50%)"), stats.out());
        // "Change" -> "Rework" is 6 edits; the other suggestion was kept: median of {0, 6}.
        assertTrue(stats.out().contains("mean 3.0, median 3.0"), stats.out());

        Path out = tmp.resolve("pairs.jsonl");
        Cli.Run export = Cli.run(repo, Map.of(), "commit", "export", "-o", out.toString());
        assertEquals(0, export.exitCode(), export.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals(2, lines.size());
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        assertEquals("Change l.txt\n\nDescribe the change to l.txt.", first.path("suggested").asText());
        assertEquals("Rework l.txt\n\nDescribe the change to l.txt.", first.path("message").asText().strip());
        assertTrue(first.path("diff").asText().contains("+l"), first.toString());
    }

    @Test
    void messagePrintsSeveralSuggestions() {
        try {
            repo.write("s.txt", "s\n").add("s.txt");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        Cli.Run run = Cli.run(repo, Map.of(), "commit", "message", "-n", "3");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(3, gateway.requests().get(0).path("options").path("suggestions").asInt());
        assertTrue(run.out().contains("--- suggestion 3 ---\nChange s.txt (3)"), run.out());
        assertTrue(run.err().contains("random test model"), run.err());
    }

    @Test
    void commitAllAndPartialCommitsDescribeWhatGitWillRecord() throws IOException {
        // `git commit -a` and `git commit <path>` stage into a temporary index named by GIT_INDEX_FILE.
        repo.write("src/lexer.txt", "tokens\nmore tokens\n");
        commit("-a");
        assertTrue(gateway.requests().get(0).path("diff").asText().contains("+more tokens"));
        assertEquals("Change src/lexer.txt\n\nDescribe the change to src/lexer.txt.", repo.message("HEAD"));

        repo.write("README.md", "hello\nworld\n").write("src/lexer.txt", "tokens\n");
        commit("--", "README.md");
        String diff = gateway.requests().get(1).path("diff").asText();
        assertTrue(diff.contains("+world") && !diff.contains("lexer"), diff);
    }

    @Test
    void aBadSuggestionCountIsRefusedWithTheRange() {
        Cli.Run run = Cli.run(repo, Map.of(), "commit", "message", "-n", "9");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("-n must be between 1 and 5, got 9"), run.err());
    }

    @Test
    void outsideARepositoryTheCommandSaysSoInOneLine() throws IOException {
        Path elsewhere = Files.createDirectories(tmp.resolve("not-a-repo"));
        Cli.Run run = Cli.run(repo.env(), repo.home(), elsewhere, "commit", "hook", "install");
        assertEquals(1, run.exitCode());
        assertEquals("quire: not inside a git repository: " + elsewhere + "\n", run.err());
    }

    @Test
    void theRepositoryFileAndTheGlobalFileConfigureTheHook() throws IOException {
        Path global = repo.home().resolve(".config/quire/config");
        Files.createDirectories(global.getParent());
        Files.writeString(global, "language=German\ntitle.limit=60\n");
        repo.write(".quire/config", "title.limit=72\nconventional=true\nhistory=1\n");
        repo.write("z.txt", "z\n").add("z.txt");
        commit();
        JsonNode options = gateway.requests().get(0).path("options");
        assertEquals(72, options.path("maxTitleLength").asInt(), "the repository file wins over the global file");
        assertEquals("German", options.path("language").asText(), "the global file still counts");
        assertTrue(options.path("conventional").asBoolean());
        assertEquals(1, options.path("history").size());
    }

    @Test
    void messageWithNothingStagedSaysSo() {
        Cli.Run run = Cli.run(repo, Map.of(), "commit", "message");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("nothing staged to describe"), run.err());
    }

    @Test
    void globalInstallWorksThroughCoreHooksPathAndStillRunsTheRepositorysHook() throws IOException {
        Cli.run(repo, Map.of(), "commit", "hook", "uninstall");
        Path repoHook = repo.gitDir().resolve("hooks/prepare-commit-msg");
        Files.writeString(repoHook, "#!/bin/sh\necho 'Local-Hook: yes' >> \"$1\"\n");
        Files.setPosixFilePermissions(repoHook, PosixFilePermissions.fromString("rwxr-xr-x"));
        Cli.Run install = Cli.run(repo, Map.of(), "commit", "hook", "install", "--global");
        assertEquals(0, install.exitCode(), install.err());
        assertTrue(repo.git("config", "--global", "core.hooksPath").strip().endsWith("quire/hooks"));

        repo.write("g.txt", "g\n").add("g.txt");
        commit();
        assertEquals("Change g.txt\n\nDescribe the change to g.txt.\n\nLocal-Hook: yes", repo.message("HEAD"));

        Cli.run(repo, Map.of(), "commit", "hook", "uninstall", "--global");
        assertEquals(1, repo.run("config", "--global", "core.hooksPath").exitCode(), "core.hooksPath removed again");
    }
}
