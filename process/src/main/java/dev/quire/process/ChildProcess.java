package dev.quire.process;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One process started by Quire's tools (a service JVM, the Kafka broker), with its output in a log
 * file. Closing it asks politely (SIGTERM, so Quarkus and Kafka shut down cleanly) and then insists;
 * closing again does nothing.
 */
public final class ChildProcess implements AutoCloseable {

    /** How long a child gets to stop after SIGTERM before it is killed. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(15);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final Path log;
    private final Duration grace;
    /** Set once {@link #close} begins: the exit that follows is asked for, not news. */
    private volatile boolean closing;

    private ChildProcess(String name, Process process, Path log, Duration grace) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.grace = grace;
    }

    /** Starts {@code command} in {@code workDir} with stdout and stderr in {@code log} (its folder is created). */
    public static ChildProcess start(String name, List<String> command, Path workDir, Path log) throws IOException {
        return start(name, command, workDir, log, DEFAULT_GRACE);
    }

    public static ChildProcess start(String name, List<String> command, Path workDir, Path log, Duration grace) throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        Process process = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                .start();
        return new ChildProcess(name, process, log, grace);
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /**
     * How long after an exit it is judged. Ctrl-C in a terminal signals the children and their
     * launcher at once: a child may be gone before the launcher's shutdown hook calls
     * {@link #expectExit}, and that exit must not be reported as a crash.
     */
    static final Duration EXIT_JUDGED_AFTER = Duration.ofSeconds(1);

    /**
     * Runs {@code action} with the exit code if the process ends without {@link #expectExit} or
     * {@link #close} having asked it to (a crash, a kill from outside).
     *
     * @return completes once the exit was judged: true when {@code action} ran
     */
    public java.util.concurrent.CompletableFuture<Boolean> onUnexpectedExit(java.util.function.IntConsumer action) {
        return process.onExit().thenApplyAsync(ended -> {
            if (closing) {
                return false;
            }
            action.accept(ended.exitValue());
            return true;
        }, java.util.concurrent.CompletableFuture.delayedExecutor(EXIT_JUDGED_AFTER.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** The process is about to be stopped (by {@link #close} or a signal to the whole group): its exit is no news. */
    public void expectExit() {
        closing = true;
    }

    /** The exit code. Precondition: the process has ended ({@link #isAlive()} is false). */
    public int exitValue() {
        return process.exitValue();
    }

    /**
     * Waits until {@code readyUrl} answers 200 (a Quarkus service's health check); fails early with
     * the end of the log when the process dies, or after {@code timeout} with the last answer.
     */
    public void awaitReady(URI readyUrl, Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        String lastAnswer = "no answer yet";
        while (System.nanoTime() < until) {
            requireRunning();
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(readyUrl).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                lastAnswer = "HTTP " + response.statusCode() + " " + response.body();
            } catch (IOException e) {
                lastAnswer = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " was not ready within " + timeout.toSeconds() + " s (" + readyUrl + " -> " + lastAnswer
                + "); the end of " + log + ":\n" + tail(40));
    }

    /**
     * Waits until {@code address} accepts a TCP connection (a process without a health URL, such as a
     * Kafka broker); fails early with the end of the log when the process dies, or after {@code timeout}.
     */
    public void awaitPort(InetSocketAddress address, Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < until) {
            requireRunning();
            try (Socket socket = new Socket()) {
                socket.connect(address, 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException(name + " did not open " + address + " within " + timeout.toSeconds() + " s; the end of " + log
                + ":\n" + tail(40));
    }

    /** Fails with the exit code and the end of the log when the process has exited (call while waiting for it to start). */
    public void requireRunning() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited during start-up (exit code " + process.exitValue() + "); the end of " + log
                    + ":\n" + tail(40));
        }
    }

    /** The last lines of the log, to explain why a start failed. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log " + log + " unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        expectExit();
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
