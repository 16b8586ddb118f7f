package dev.quire.bench.scenario;

import java.time.Duration;

import dev.quire.bench.BenchmarkOptions;
import dev.quire.bench.grpc.InferenceClient;
import dev.quire.bench.load.LoadGenerator;
import dev.quire.process.InferenceServerProcess;

/**
 * What every scenario shares.
 *
 * @param options the command line
 * @param client  gRPC client of the running server
 * @param ports   the server's ports (metrics are read there)
 * @param models  the model files
 * @param cores   CPU cores, as given to {@link dev.quire.bench.server.BenchModels} (one embedder instance per core)
 */
public record BenchContext(BenchmarkOptions options, InferenceClient client, InferenceServerProcess.Ports ports, ModelFiles models, int cores) {

    /** Windows of {@code --warmup} and {@code seconds}. */
    public LoadGenerator generator(double seconds) {
        return new LoadGenerator(Duration.ofMillis(Math.round(options.warmupSeconds() * 1000)), Duration.ofMillis(Math.round(seconds * 1000)));
    }

    public LoadGenerator generator() {
        return generator(options.seconds());
    }

    /** {@code count} repetitions, or one in a {@code --quick} smoke run (its numbers mean nothing). */
    public int unlessQuick(int count) {
        return options.quick() ? 1 : count;
    }
}
