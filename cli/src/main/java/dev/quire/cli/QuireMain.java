package dev.quire.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import dev.quire.cli.hook.HookInstaller;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code quire}: the command line of the Quire mesh. Today it has one area, {@code commit}. */
@Command(name = "quire", mixinStandardHelpOptions = true, version = "quire 0.1.0",
        description = "Quire on the command line.")
public final class QuireMain {

    /** Measured before anything else loads: a hook's timeout counts from the start of the process. */
    private static final long START_NANOS = System.nanoTime();

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        // HOME wins over the JVM's user.home (read from the password database), as it does for git.
        String home = System.getenv().getOrDefault("HOME", System.getProperty("user.home"));
        Environment environment = new Environment(System.getenv(), Path.of(home),
                Path.of("").toAbsolutePath(), out, err, launcher(), START_NANOS);
        int code = run(environment, args);
        out.flush();
        err.flush();
        // Exit even if a timed-out request thread is still waiting on the network.
        System.exit(code);
    }

    public static int run(Environment environment, String... args) {
        Repositories.locateSystemConfigWithoutGit(environment);
        CommandLine commandLine = new CommandLine(new QuireMain())
                .addSubcommand(CommitCommand.commandLine(environment));
        commandLine.setOut(environment.out()).setErr(environment.err());
        // A user sees what went wrong in one line, not a stack trace.
        commandLine.setExecutionExceptionHandler((exception, command, parseResult) -> {
            command.getErr().println("quire: " + CommitCommand.oneLine(exception));
            return 1;
        });
        return commandLine.execute(args);
    }

    /** The launcher script passes its own absolute path; without it, hooks start this JVM's classpath directly. */
    static String launcher() {
        String script = System.getProperty("quire.launcher");
        if (script != null && !script.isBlank()) {
            return HookInstaller.quote(script);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return HookInstaller.quote(java) + " -XX:TieredStopAtLevel=1 -cp " + HookInstaller.quote(System.getProperty("java.class.path"))
                + " " + QuireMain.class.getName();
    }
}
