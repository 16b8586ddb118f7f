package dev.quire.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

import dev.quire.cli.config.ConfigLoader;

/**
 * What a command reads from the outside world, passed in so tests run commands in-process.
 *
 * @param env      environment variables
 * @param home     the user's home directory
 * @param cwd      the directory the command runs in
 * @param out      standard output
 * @param err      standard error
 * @param launcher shell words that start this CLI (written into hooks)
 * @param startNanos {@link System#nanoTime()} when the process started; hook timeouts count from it
 */
public record Environment(Map<String, String> env, Path home, Path cwd, PrintWriter out, PrintWriter err, String launcher,
        long startNanos) {

    public ConfigLoader configLoader() {
        return new ConfigLoader(env, home);
    }
}
