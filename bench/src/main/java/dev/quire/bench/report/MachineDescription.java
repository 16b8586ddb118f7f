package dev.quire.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The CPU a report's numbers were measured on. Results depend on it more than on anything else:
 * ONNX Runtime's batch-32 ran 1.49x its batch-1 rate per text on an AMD EPYC VM and 0.84x on an
 * Intel Xeon VM with AVX-512, which turns the embeddings batching target from a pass into a fail.
 */
public final class MachineDescription {

    private static final Path CPUINFO = Path.of("/proc/cpuinfo");

    private MachineDescription() {
    }

    /** "2 CPU cores (AMD EPYC 7B13, AVX2)", or just the count where /proc/cpuinfo cannot be read. */
    public static String cpus() {
        int cores = Runtime.getRuntime().availableProcessors();
        try {
            return describe(cores, Files.readAllLines(CPUINFO));
        } catch (IOException | RuntimeException e) {
            return describe(cores, List.of());
        }
    }

    /** @param cpuinfo the lines of /proc/cpuinfo (its first processor's "model name" and "flags" are read) */
    static String describe(int cores, List<String> cpuinfo) {
        String model = field(cpuinfo, "model name");
        Set<String> flags = Set.copyOf(Arrays.asList(field(cpuinfo, "flags").split("\\s+")));
        String vectors = flags.contains("avx512f") ? "AVX-512" : flags.contains("avx2") ? "AVX2" : flags.contains("avx") ? "AVX" : "";
        String details = String.join(", ", Stream.of(model, vectors).filter(s -> !s.isEmpty()).toList());
        return cores + " CPU cores" + (details.isEmpty() ? "" : " (" + details + ")");
    }

    private static String field(List<String> cpuinfo, String name) {
        for (String line : cpuinfo) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equals(name)) {
                return line.substring(colon + 1).strip();
            }
        }
        return "";
    }
}
