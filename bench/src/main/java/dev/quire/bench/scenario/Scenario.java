package dev.quire.bench.scenario;

import java.nio.file.Path;
import java.util.List;

import dev.quire.bench.report.Target;

/**
 * One comparison of the benchmark. The driver calls {@link #prepare} once, then {@link #measure}
 * once per run, interleaved with the other scenarios' runs, and finally {@link #report}.
 */
public interface Scenario extends AutoCloseable {

    /** The report's text of one scenario and the targets it checked. */
    record Section(String markdown, List<Target> targets) {
    }

    String title();

    /** Warm-ups and in-process engines; nothing here is measured. */
    void prepare() throws Exception;

    /** Measures every point once. */
    void measure(int run) throws Exception;

    /** Medians, targets, and charts written under {@code out}. */
    Section report(Path out) throws Exception;

    @Override
    default void close() throws Exception {
    }
}
