package dev.quire.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessTest {

    @TempDir
    Path dir;

    /** Waits for a line in the log: the shell has set its trap and written before it is signalled. */
    private static void awaitLog(ChildProcess child, String line) throws InterruptedException {
        for (int i = 0; i < 500 && !child.tail(5).contains(line); i++) {
            Thread.sleep(10);
        }
        assertTrue(child.tail(5).contains(line), "the child wrote '" + line + "'; its log: " + child.tail(5));
    }

    @Test
    void outputGoesToTheLogAndTailShowsTheLastLines() throws Exception {
        Path log = dir.resolve("logs/child.log");
        try (ChildProcess child = ChildProcess.start("printer", List.of("sh", "-c", "for i in 1 2 3 4 5; do echo line $i; done; echo oops >&2"),
                dir, log)) {
            for (int i = 0; i < 500 && child.isAlive(); i++) {
                Thread.sleep(10);
            }
            assertFalse(child.isAlive());
            assertEquals(0, child.exitValue());
            assertEquals(String.join(System.lineSeparator(), "line 5", "oops"), child.tail(2));
            assertTrue(Files.isRegularFile(log), "the log's folder was created");
        }
    }

    @Test
    void anExitNobodyAskedForIsReportedWithItsCodeAndAClosedChildsIsNot() throws Exception {
        java.util.concurrent.CompletableFuture<Integer> crashed = new java.util.concurrent.CompletableFuture<>();
        try (ChildProcess child = ChildProcess.start("crasher", List.of("sh", "-c", "echo ready; sleep 0.3; exit 3"), dir, dir.resolve("crasher.log"))) {
            child.onUnexpectedExit(crashed::complete);
            assertEquals(3, crashed.get(30, java.util.concurrent.TimeUnit.SECONDS));
        }

        ChildProcess stopped = ChildProcess.start("stopped", List.of("sh", "-c", "echo ready; while :; do sleep 0.05; done"), dir, dir.resolve("stopped.log"));
        var judged = stopped.onUnexpectedExit(code -> { });
        awaitLog(stopped, "ready");
        stopped.close();
        assertFalse(judged.get(30, java.util.concurrent.TimeUnit.SECONDS), "an exit close() asked for is not reported");

        // A signal that reaches the child before its launcher calls expectExit (Ctrl-C hits the whole group): no report either.
        // env resets SIGINT: a build started in the background by a non-interactive shell (`mvn verify &` in a script)
        // passes it on ignored, and sh cannot un-ignore it.
        ChildProcess interrupted = ChildProcess.start("interrupted", List.of("env", "--default-signal=INT", "sh", "-c",
                "echo ready; while :; do sleep 0.05; done"), dir, dir.resolve("interrupted.log"));
        var judgedToo = interrupted.onUnexpectedExit(code -> { });
        awaitLog(interrupted, "ready");
        new ProcessBuilder("kill", "-INT", String.valueOf(interrupted.pid())).start().waitFor();
        interrupted.expectExit();
        assertFalse(judgedToo.get(30, java.util.concurrent.TimeUnit.SECONDS), "an exit expected just after it happened is not reported");
        interrupted.close();
    }

    @Test
    void closeStopsAChildThatHonoursSigtermWithinItsGrace() throws Exception {
        ChildProcess child = ChildProcess.start("polite", List.of("sh", "-c", "trap 'echo bye; exit 0' TERM; echo ready; while :; do sleep 0.05; done"),
                dir, dir.resolve("polite.log"), Duration.ofSeconds(10));
        awaitLog(child, "ready");
        long started = System.nanoTime();
        child.close();
        assertFalse(child.isAlive());
        assertTrue(child.tail(1).contains("bye"), "it ran its SIGTERM handler: " + child.tail(3));
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(5).toNanos(), "it did not wait out the grace period");
        child.close(); // a second close does nothing
    }

    @Test
    void closeKillsAChildThatIgnoresSigtermAfterItsGrace() throws Exception {
        ChildProcess child = ChildProcess.start("stubborn", List.of("sh", "-c", "trap '' TERM; echo ready; while :; do sleep 0.05; done"),
                dir, dir.resolve("stubborn.log"), Duration.ofMillis(300));
        awaitLog(child, "ready");
        child.close();
        assertFalse(child.isAlive(), "killed once the grace period was over");
    }
}
