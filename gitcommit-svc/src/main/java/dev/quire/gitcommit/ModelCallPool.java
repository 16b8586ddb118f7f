package dev.quire.gitcommit;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.concurrent.CompletableFuture;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Threads for blocking model calls made together, so inference-svc sees them at once and batches
 * them. Not the common fork-join pool: on a small machine it has one thread and would serialise them.
 */
@ApplicationScoped
public class ModelCallPool {

    private final ExecutorService threads;

    public ModelCallPool(CommitSettings settings) {
        this.threads = Executors.newFixedThreadPool(settings.parallelCalls(), runnable -> {
            Thread thread = new Thread(runnable, "commit-model-call");
            thread.setDaemon(true);
            return thread;
        });
    }

    public <T> CompletableFuture<T> submit(Supplier<T> call) {
        return CompletableFuture.supplyAsync(call, threads);
    }

    @PreDestroy
    void stop() {
        threads.shutdownNow();
    }
}
