package dev.quire.bench.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs a JVM's JIT compiler threads at a chosen nice value, as {@code -XX:ThreadPriorityPolicy=1
 * -XX:CompilerThreadPriority=N} would, without that policy's side effects on the JVM's other threads.
 * On two shared cores a C2 compilation of 4-5 ms held the one core that the generating slot left free
 * while a gRPC event loop waited for it ({@code perf sched} showed both JVMs' compiler threads doing it).
 * Compiler threads started later are started by a compiler thread and inherit its nice value. Linux only
 * (reads {@code /proc}, runs util-linux's {@code renice}).
 */
public final class CompilerThreads {

    /** Linux thread names (15 characters at most) of HotSpot's C1 and C2 compiler threads. */
    private static final List<String> NAMES = List.of("C1 CompilerThre", "C2 CompilerThre");

    private CompilerThreads() {
    }

    /**
     * Sets the nice value of every compiler thread of process {@code pid}; returns how many now have it.
     * A higher value than the thread has needs no privilege, a lower one does. A thread that ended meanwhile
     * (HotSpot stops idle extra compiler threads) is skipped.
     */
    public static int setNice(long pid, int nice) throws IOException, InterruptedException {
        List<String> threads = threadIds(pid);
        if (threads.isEmpty()) {
            throw new IllegalStateException("no JIT compiler thread found under /proc/" + pid + "/task");
        }
        int set = 0;
        for (String thread : threads) {
            // An absolute value: with -n, some renice versions add to the current value instead.
            Process renice = new ProcessBuilder("renice", String.valueOf(nice), "-p", thread).redirectErrorStream(true).start();
            String output = new String(renice.getInputStream().readAllBytes()).strip();
            boolean failed = renice.waitFor() != 0;
            if (failed && Files.exists(task(pid, thread))) {
                throw new IllegalStateException("renice " + nice + " of compiler thread " + thread + " of process " + pid + " failed: " + output);
            }
            try {
                if (!failed && nice(pid, thread) == nice) {
                    set++;
                }
            } catch (NoSuchFileException ended) {
                // ended after renice: nothing left to count
            }
        }
        return set;
    }

    /** The thread ids of the compiler threads of process {@code pid}. */
    static List<String> threadIds(long pid) throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            List<String> ids = new ArrayList<>();
            for (Path task : tasks.toList()) {
                if (NAMES.contains(threadName(task))) {
                    ids.add(task.getFileName().toString());
                }
            }
            return ids;
        }
    }

    /** Field 19 of the thread's stat line; the name field before it may hold spaces, so fields are counted after its ')'. */
    static int nice(long pid, String thread) throws IOException {
        String stat = Files.readString(task(pid, thread).resolve("stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[19 - 3]);
    }

    private static Path task(long pid, String thread) {
        return Path.of("/proc", String.valueOf(pid), "task", thread);
    }

    private static String threadName(Path task) {
        try {
            return Files.readString(task.resolve("comm")).strip();
        } catch (IOException e) {
            return "";    // the thread ended meanwhile
        }
    }
}
