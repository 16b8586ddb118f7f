package dev.quire.common.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes an HTTP/1.1 chunked body by hand, for tests that talk raw HTTP to a service over their own
 * socket (no client library between that would finish or buffer the body). Shared with the
 * services' tests through this module's test jar.
 */
public final class ChunkedBody {

    public static final int CHUNK_BYTES = 64 * 1024;

    private ChunkedBody() {
    }

    /** {@code body} as chunks of {@value #CHUNK_BYTES} bytes, without the closing chunk: the client is still sending. */
    public static void writeChunks(OutputStream out, byte[] body) throws IOException {
        for (int start = 0; start < body.length; start += CHUNK_BYTES) {
            int length = Math.min(CHUNK_BYTES, body.length - start);
            out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, start, length);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** The closing chunk: the body ends here. */
    public static void writeEnd(OutputStream out) throws IOException {
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    }
}
