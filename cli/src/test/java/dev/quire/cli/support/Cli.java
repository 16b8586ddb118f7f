package dev.quire.cli.support;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.quire.cli.Environment;
import dev.quire.cli.QuireMain;

/** Runs the CLI in this JVM, as a user in the repository would run it from a shell. */
public final class Cli {

    public record Run(int exitCode, String out, String err) {
    }

    private Cli() {
    }

    public static Run run(GitRepo repo, Map<String, String> extraEnv, String... args) {
        Map<String, String> env = new HashMap<>(repo.env());
        env.putAll(extraEnv);
        return run(env, repo.home(), repo.dir(), args);
    }

    public static Run run(Map<String, String> env, Path home, Path cwd, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Environment environment = new Environment(env, home, cwd, new PrintWriter(out, true), new PrintWriter(err, true),
                launcherForTests(), System.nanoTime());
        int code = QuireMain.run(environment, args);
        return new Run(code, out.toString(), err.toString());
    }

    /** Hooks started by git re-launch this test JVM's classpath (surefire passes it in full). */
    public static String launcherForTests() {
        return "'" + Path.of(System.getProperty("java.home"), "bin", "java") + "' -XX:TieredStopAtLevel=1 -Xshare:auto -cp '"
                + System.getProperty("java.class.path") + "' dev.quire.cli.QuireMain";
    }
}
