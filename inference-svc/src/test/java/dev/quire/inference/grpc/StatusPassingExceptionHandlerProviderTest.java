package dev.quire.inference.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;

class StatusPassingExceptionHandlerProviderTest {

    private final StatusPassingExceptionHandlerProvider provider = new StatusPassingExceptionHandlerProvider();

    @Test
    void aStatusIsPassedOnAsItIsNotCopied() {
        Metadata trailers = new Metadata();
        trailers.put(Metadata.Key.of("quire-reason", Metadata.ASCII_STRING_MARSHALLER), "queue full");
        StatusRuntimeException overloaded = Status.RESOURCE_EXHAUSTED.withDescription("queue of 8 is full").asRuntimeException(trailers);

        assertSame(overloaded, provider.transform(overloaded));
        io.grpc.StatusException checked = Status.NOT_FOUND.asException();
        assertSame(checked, provider.transform(checked));
    }

    @Test
    void anythingElseKeepsQuarkusMapping() {
        Status status = Status.fromThrowable(provider.transform(new IllegalArgumentException("bad size")));
        assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode());
        assertTrue(status.getDescription().endsWith("bad size"), status.getDescription());
    }
}
