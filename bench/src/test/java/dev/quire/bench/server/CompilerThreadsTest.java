package dev.quire.bench.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Changes this test JVM's own compiler threads: each test sets a value no other test uses. */
@EnabledOnOs(OS.LINUX)
class CompilerThreadsTest {

    private static final long THIS_JVM = ProcessHandle.current().pid();

    @BeforeEach
    void reniceIsInstalled() {
        assumeTrue(Stream.of(System.getenv("PATH").split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, "renice"))),
                "util-linux's renice is not on the PATH");
    }

    @Test
    void setsTheNiceValueOfEveryCompilerThreadOfThisJvm() throws Exception {
        List<String> threads = CompilerThreads.threadIds(THIS_JVM);
        assertFalse(threads.isEmpty(), "HotSpot runs at least one C1 and one C2 compiler thread");
        for (String thread : threads) {
            assertNotEquals(7, CompilerThreads.nice(THIS_JVM, thread), "precondition: thread " + thread + " is not at 7 yet");
        }

        assertEquals(threads.size(), CompilerThreads.setNice(THIS_JVM, 7));

        for (String thread : threads) {
            assertEquals(7, CompilerThreads.nice(THIS_JVM, thread), "nice value of compiler thread " + thread);
        }
    }

    @Test
    void leavesEveryOtherThreadAloneTheMainOneIncluded() throws Exception {
        List<String> compilers = CompilerThreads.threadIds(THIS_JVM);
        Map<String, Integer> before = otherThreads(compilers);
        assertTrue(before.containsKey(String.valueOf(THIS_JVM)), "the thread whose id is the pid, which renice -p PID would change");

        CompilerThreads.setNice(THIS_JVM, 9);

        otherThreads(compilers).forEach((thread, nice) -> {
            if (before.containsKey(thread)) {
                assertEquals(before.get(thread), nice, "nice value of thread " + thread);
            }
        });
    }

    @Test
    void aProcessWithoutCompilerThreadsIsReportedNotIgnored() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "30").start();
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> CompilerThreads.setNice(sleep.pid(), 8));
            assertTrue(e.getMessage().contains("no JIT compiler thread"), e.getMessage());
        } finally {
            sleep.destroy();
            sleep.waitFor();
        }
    }

    private static Map<String, Integer> otherThreads(List<String> compilers) throws IOException {
        Map<String, Integer> nice = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(THIS_JVM), "task"))) {
            for (Path task : tasks.toList()) {
                String thread = task.getFileName().toString();
                if (!compilers.contains(thread)) {
                    try {
                        nice.put(thread, CompilerThreads.nice(THIS_JVM, thread));
                    } catch (IOException ended) {
                        // a thread that ended while listing has no value to compare
                    }
                }
            }
        }
        return nice;
    }
}
