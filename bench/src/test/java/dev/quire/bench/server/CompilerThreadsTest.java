package dev.quire.bench.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class CompilerThreadsTest {

    private static final long THIS_JVM = ProcessHandle.current().pid();

    @Test
    void lowersThePriorityOfEveryCompilerThreadOfThisJvm() throws Exception {
        List<String> threads = CompilerThreads.threadIds(THIS_JVM);
        assertFalse(threads.isEmpty(), "HotSpot runs at least one C1 and one C2 compiler thread");

        assertEquals(threads.size(), CompilerThreads.lowerPriority(THIS_JVM, 7));

        for (String thread : threads) {
            assertEquals(7, nice(thread), "nice value of compiler thread " + thread);
        }
    }

    @Test
    void leavesOtherThreadsAlone() throws Exception {
        String self = String.valueOf(currentThreadId());
        int before = nice(self);

        CompilerThreads.lowerPriority(THIS_JVM, 7);

        assertEquals(before, nice(self));
    }

    @Test
    void aProcessWithoutCompilerThreadsIsReportedNotIgnored() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "30").start();
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> CompilerThreads.lowerPriority(sleep.pid(), 7));
            assertTrue(e.getMessage().contains("no JIT compiler thread"), e.getMessage());
        } finally {
            sleep.destroy();
        }
    }

    /** Field 19 of /proc/self/task/TID/stat; the name field before it may hold spaces, so count after its ')'. */
    private static int nice(String thread) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(THIS_JVM), "task", thread, "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[19 - 3]);
    }

    /** The Linux thread id of the calling thread. */
    private static long currentThreadId() throws IOException {
        return Long.parseLong(Path.of("/proc/thread-self").toRealPath().getFileName().toString());
    }
}
