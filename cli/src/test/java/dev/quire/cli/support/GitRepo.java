package dev.quire.cli.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A real repository driven by the real git binary, as a user would. */
public final class GitRepo {

    private final Path dir;
    private final Path home;
    private final Map<String, String> env = new HashMap<>();

    private GitRepo(Path dir, Path home) {
        this.dir = dir;
        this.home = home;
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_AUTHOR_NAME", "Test");
        env.put("GIT_AUTHOR_EMAIL", "test@example.com");
        env.put("GIT_COMMITTER_NAME", "Test");
        env.put("GIT_COMMITTER_EMAIL", "test@example.com");
        env.put("GIT_EDITOR", "true");
        env.put("LC_ALL", "C");
    }

    /** @param home a private home directory: no user config leaks in, global installs stay inside the test */
    public static GitRepo init(Path dir, Path home) throws IOException {
        Files.createDirectories(dir);
        Files.createDirectories(home);
        GitRepo repo = new GitRepo(dir, home);
        repo.git("init", "-q", "-b", "main");
        repo.git("config", "commit.gpgsign", "false");
        return repo;
    }

    public Path dir() {
        return dir;
    }

    public Path home() {
        return home;
    }

    public Path gitDir() {
        return dir.resolve(".git");
    }

    public Map<String, String> env() {
        return env;
    }

    public GitRepo write(String path, String content) throws IOException {
        return write(path, content.getBytes(StandardCharsets.UTF_8));
    }

    public GitRepo write(String path, byte[] content) throws IOException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        return this;
    }

    public String read(String path) throws IOException {
        return Files.readString(dir.resolve(path), StandardCharsets.UTF_8);
    }

    public GitRepo add(String... paths) throws IOException {
        List<String> args = new ArrayList<>(List.of("add", "--"));
        args.addAll(List.of(paths));
        git(args.toArray(String[]::new));
        return this;
    }

    /** Commits with -m: the hook leaves such commits alone, so this sets up history. */
    public GitRepo commitAll(String message) throws IOException {
        git("add", "-A");
        git("commit", "-q", "--no-verify", "-m", message);
        return this;
    }

    public String git(String... args) throws IOException {
        Result result = run(args);
        if (result.exitCode() != 0) {
            throw new IOException("git " + String.join(" ", args) + " failed (" + result.exitCode() + "): " + result.stderr()
                    + result.stdout());
        }
        return result.stdout();
    }

    public Result run(String... args) throws IOException {
        return run(Map.of(), args);
    }

    public Result run(Map<String, String> extraEnv, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("git");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("GIT_") || k.startsWith("QUIRE_"));
        builder.environment().putAll(env);
        builder.environment().putAll(extraEnv);
        Path out = Files.createTempFile("git-out", ".txt");
        Path err = Files.createTempFile("git-err", ".txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        long start = System.nanoTime();
        Process process = builder.start();
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("git " + String.join(" ", args) + " did not finish in 120 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        try {
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    new String(Files.readAllBytes(err), StandardCharsets.UTF_8), millis);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The full message of a commit. */
    public String message(String rev) throws IOException {
        return git("log", "-1", "--format=%B", rev).strip();
    }

    public record Result(int exitCode, String stdout, String stderr, long millis) {
    }
}
