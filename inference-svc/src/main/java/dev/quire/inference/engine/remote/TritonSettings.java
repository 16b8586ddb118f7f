package dev.quire.inference.engine.remote;

import java.time.Duration;

/**
 * Where and how the remote Triton engine calls.
 *
 * @param target         gRPC target, {@code host:port} (Triton's gRPC port is 8001)
 * @param remoteModel    the model's name on the remote server
 * @param dialect        how options travel (see {@link TritonDialect})
 * @param contextSize    the remote model's context, in tokens (prompt + answer)
 * @param defaultTimeout deadline for a call whose caller gave none
 * @param stream         true: generate over ModelStreamInfer and hand pieces over as they come
 */
public record TritonSettings(String target, String remoteModel, TritonDialect dialect, int contextSize, Duration defaultTimeout, boolean stream) {

    public TritonSettings {
        if (target == null || target.isBlank() || !target.contains(":")) {
            throw new IllegalArgumentException("the remote Triton target must be host:port, got '" + target + "'");
        }
        if (remoteModel == null || remoteModel.isBlank()) {
            throw new IllegalArgumentException("the remote Triton model name must not be empty");
        }
        if (contextSize < 2) {
            throw new IllegalArgumentException("context size must be at least 2 tokens, got " + contextSize);
        }
        if (defaultTimeout.isZero() || defaultTimeout.isNegative()) {
            throw new IllegalArgumentException("the default timeout must be positive, got " + defaultTimeout);
        }
    }
}
