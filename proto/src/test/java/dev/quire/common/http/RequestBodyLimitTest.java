package dev.quire.common.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

import org.junit.jupiter.api.Test;

/** The byte count that holds a body of undeclared length to the limit, and how limits are written. */
class RequestBodyLimitTest {

    private static final IllegalStateException TOO_LARGE = new IllegalStateException("too large");

    private static InputStream bounded(int bodyBytes, long limit) {
        return RequestBodyLimit.bounded(new ByteArrayInputStream(new byte[bodyBytes]), limit, () -> TOO_LARGE);
    }

    @Test
    void aBodyOfExactlyTheLimitIsReadWhole() throws IOException {
        byte[] body = {1, 2, 3, 4, 5};
        assertArrayEquals(body, RequestBodyLimit.bounded(new ByteArrayInputStream(body), 5, () -> TOO_LARGE).readAllBytes());
    }

    @Test
    void aReadPastTheLimitFailsWithTheCallersRefusal() {
        assertSame(TOO_LARGE, assertThrows(IllegalStateException.class, () -> bounded(6, 5).readAllBytes()));
        assertSame(TOO_LARGE, assertThrows(IllegalStateException.class, () -> bounded(100_000, 65_536).readNBytes(70_000)));
    }

    @Test
    void singleByteReadsAreCountedToo() throws IOException {
        InputStream in = bounded(3, 2);
        assertEquals(0, in.read());
        assertEquals(0, in.read());
        assertSame(TOO_LARGE, assertThrows(IllegalStateException.class, in::read));
    }

    @Test
    void skippedBytesAreCountedToo() throws IOException {
        InputStream in = bounded(10, 5);
        assertEquals(5, in.skip(5));
        assertSame(TOO_LARGE, assertThrows(IllegalStateException.class, () -> in.skip(1)));
    }

    @Test
    void theEndOfTheBodyIsNotCountedAsAByte() throws IOException {
        InputStream in = bounded(2, 2);
        assertEquals(2, in.readAllBytes().length);
        assertEquals(-1, in.read());
        assertEquals(-1, in.read(new byte[4], 0, 4));
    }

    @Test
    void sizesAreWrittenInMebibytesWhenWhole() {
        assertEquals("10485760 bytes (10 MiB)", RequestBodyLimit.describe(10 * 1024 * 1024));
        assertEquals("10485761 bytes", RequestBodyLimit.describe(10 * 1024 * 1024 + 1));
        assertEquals("512 bytes", RequestBodyLimit.describe(512));
    }
}
