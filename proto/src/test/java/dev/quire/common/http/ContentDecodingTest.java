package dev.quire.common.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

import dev.quire.common.QuireException;
import org.junit.jupiter.api.Test;

/** Request bodies compressed as Triton's HTTP client compresses them, decoded without a server. */
class ContentDecodingTest {

    private static final byte[] BODY = "{\"inputs\":[{\"name\":\"text\",\"datatype\":\"BYTES\",\"shape\":[1],\"data\":[\"hé\"]}]}"
            .getBytes(StandardCharsets.UTF_8);

    /** As Triton's client (Python's gzip and zlib) compresses, with java.util.zip: gzip, zlib-wrapped deflate, and raw deflate. */
    private static byte[] encode(String encoding, byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = switch (encoding) {
            case "gzip" -> new GZIPOutputStream(out);
            case "deflate" -> new DeflaterOutputStream(out, new Deflater());
            case "raw-deflate" -> new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION, true));
            default -> throw new IllegalArgumentException(encoding);
        }) {
            z.write(body);
        }
        return out.toByteArray();
    }

    private static byte[] decode(String contentEncoding, byte[] body, long limit) throws IOException {
        return ContentDecoding.decode(contentEncoding, new ByteArrayInputStream(body), limit, "the test's limit");
    }

    private static String refusal(String contentEncoding, byte[] body) {
        return assertThrows(QuireException.InvalidRequest.class, () -> decode(contentEncoding, body, 1 << 20)).getMessage();
    }

    @Test
    void gzipZlibDeflateAndRawDeflateDecodeToTheBody() throws IOException {
        assertArrayEquals(BODY, decode("gzip", encode("gzip", BODY), 1 << 20));
        assertArrayEquals(BODY, decode(" GZIP ", encode("gzip", BODY), 1 << 20), "codings are case-insensitive");
        assertArrayEquals(BODY, decode("x-gzip", encode("gzip", BODY), 1 << 20));
        assertArrayEquals(BODY, decode("deflate", encode("deflate", BODY), 1 << 20));
        assertArrayEquals(BODY, decode("deflate", encode("raw-deflate", BODY), 1 << 20));
    }

    @Test
    void identityAndNoHeaderMeanNoDecoding() {
        assertTrue(ContentDecoding.isIdentity(null));
        assertTrue(ContentDecoding.isIdentity("identity"));
        assertTrue(ContentDecoding.isIdentity(" IDENTITY "));
        assertFalse(ContentDecoding.isIdentity("gzip"));
    }

    @Test
    void aBodyThatIsNotOfItsCodingIsRefusedNamingTheCoding() throws IOException {
        String plain = refusal("gzip", BODY);
        assertTrue(plain.contains("Content-Encoding gzip but is not valid gzip data: Not in GZIP format"), plain);

        byte[] gzip = encode("gzip", BODY);
        String cut = refusal("gzip", Arrays.copyOf(gzip, gzip.length - 10));
        assertTrue(cut.contains("not valid gzip data"), cut);

        byte[] corrupt = gzip.clone();
        corrupt[corrupt.length - 6] ^= 0x55; // the CRC-32 of the trailer
        assertTrue(refusal("gzip", corrupt).contains("not valid gzip data"));

        assertEquals("the body is sent with Content-Encoding gzip but is not valid gzip data: it ends early", refusal("gzip", new byte[0]),
                "an empty body is no gzip stream");
        assertTrue(refusal("deflate", BODY).contains("not valid deflate data"), refusal("deflate", BODY));
    }

    @Test
    void theDecodedBodyIsHeldToTheLimit() throws IOException {
        byte[] spaces = new byte[4096];
        Arrays.fill(spaces, (byte) ' ');
        byte[] gzip = encode("gzip", spaces);
        assertEquals(4096, decode("gzip", gzip, 4096).length, "exactly the limit is allowed");
        RequestBodyLimit.TooLarge e = assertThrows(RequestBodyLimit.TooLarge.class, () -> decode("gzip", gzip, 4095));
        assertEquals("the gzip body decompresses to more than 4095 bytes, the test's limit", e.getMessage());
        assertTrue(gzip.length < 100, "the compressed body itself is far below the limit");
    }

    /**
     * Two gzip members, as `cat a.gz b.gz` makes, read the way a body comes off the network: a few
     * bytes per read and {@code available()} 0 while more is on its way. The second member was lost
     * without an error before (JDK 17's GZIPInputStream looks for it only when bytes are available).
     */
    @Test
    void everyMemberOfAMultiMemberGzipBodyIsDecoded() throws IOException {
        byte[] first = Arrays.copyOfRange(BODY, 0, 20);
        byte[] second = Arrays.copyOfRange(BODY, 20, BODY.length);
        ByteArrayOutputStream members = new ByteArrayOutputStream();
        members.write(encode("gzip", first));
        members.write(encode("gzip", second));
        InputStream network = new ByteArrayInputStream(members.toByteArray()) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 7));
            }

            @Override
            public synchronized int available() {
                return 0;
            }
        };
        assertArrayEquals(BODY, ContentDecoding.decode("gzip", network, 1 << 20, "the test's limit"));
        assertArrayEquals(BODY, decode("gzip", members.toByteArray(), 1 << 20), "and when the whole body is already buffered");
    }

    /**
     * Quarkus' body stream reads the rest of a body when closed: a refused body must be left open
     * (the server drops the rest within its own limits), and a decoded one read to its end, what
     * follows the compressed data included, so that a kept-alive connection is at the next request.
     */
    @Test
    void theBodyIsLeftOpenAndADecodedOneIsReadToItsEnd() throws IOException {
        for (String coding : new String[] {"gzip", "deflate"}) {
            // more than the decoders' 512-byte reads take in along with the compressed data
            byte[] after = "bytes after the compressed data ".repeat(128).getBytes(StandardCharsets.US_ASCII);
            ByteArrayOutputStream sent = new ByteArrayOutputStream();
            sent.write(encode(coding, BODY));
            sent.write(after);
            ClosingWatched decoded = new ClosingWatched(sent.toByteArray());
            assertArrayEquals(BODY, ContentDecoding.decode(coding, decoded, 1 << 20, "the test's limit"));
            assertEquals(-1, decoded.read(), coding + ": the whole body is read");
            assertFalse(decoded.closed, coding + ": the body is left open");
        }

        byte[] spaces = new byte[64 * 1024];
        Arrays.fill(spaces, (byte) ' ');
        ByteArrayOutputStream tooLarge = new ByteArrayOutputStream();
        tooLarge.write(encode("gzip", spaces));
        tooLarge.write(new byte[100_000]);
        ClosingWatched refused = new ClosingWatched(tooLarge.toByteArray());
        assertThrows(RequestBodyLimit.TooLarge.class, () -> ContentDecoding.decode("gzip", refused, 4096, "the test's limit"));
        assertTrue(refused.available() > 0, "a refused body is not read on");
        assertFalse(refused.closed, "a refused body is left open");
    }

    private static final class ClosingWatched extends ByteArrayInputStream {
        boolean closed;

        ClosingWatched(byte[] bytes) {
            super(bytes);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void otherCodingsAreUnsupported() {
        ContentDecoding.Unsupported e = assertThrows(ContentDecoding.Unsupported.class, () -> decode("br", BODY, 1 << 20));
        assertTrue(e.getMessage().contains("'br' is not supported; send the body as gzip, deflate or identity"), e.getMessage());
    }
}
