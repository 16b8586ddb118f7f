package dev.quire.bench.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs a JVM's JIT compiler threads at a lower scheduling priority (a higher nice value), as
 * {@code -XX:ThreadPriorityPolicy=1 -XX:CompilerThreadPriority=N} would, but without that policy's
 * side effects on the JVM's other threads. On two shared cores a C2 compilation of 4-5 ms held the
 * one core that the generating slot left free while a gRPC event loop waited for it ({@code perf sched}
 * showed both JVMs' compiler threads doing it): the burst's slowest rejection then took 5-8 ms.
 * Compiler threads started later are started by a compiler thread and inherit its nice value.
 */
public final class CompilerThreads {

    /** Linux thread names (15 characters at most) of HotSpot's C1 and C2 compiler threads. */
    private static final List<String> NAMES = List.of("C1 CompilerThre", "C2 CompilerThre");

    private CompilerThreads() {
    }

    /**
     * Sets the nice value of every compiler thread of process {@code pid} with {@code renice}; returns how
     * many threads it changed. Lowering a priority needs no privilege.
     */
    public static int lowerPriority(long pid, int nice) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("renice", "-n", String.valueOf(nice), "-p"));
        List<String> threads = threadIds(pid);
        if (threads.isEmpty()) {
            throw new IllegalStateException("no JIT compiler thread found under /proc/" + pid + "/task");
        }
        command.addAll(threads);
        Process renice = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(renice.getInputStream().readAllBytes());
        if (renice.waitFor() != 0) {
            throw new IllegalStateException("renice of the compiler threads of process " + pid + " failed: " + output.strip());
        }
        return threads.size();
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

    private static String threadName(Path task) {
        try {
            return Files.readString(task.resolve("comm")).strip();
        } catch (IOException e) {
            return "";    // the thread ended meanwhile
        }
    }
}
