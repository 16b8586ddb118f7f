package dev.quire.common.http;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.util.Locale;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

import dev.quire.common.QuireException;

/**
 * Undoes a request's {@code Content-Encoding} as Triton's HTTP client applies it
 * ({@code request_compression_algorithm}: gzip, or deflate in its zlib wrapping; raw deflate is
 * accepted too, as some clients send it). Done by the services themselves rather than by Vert.x
 * (quarkus.http.enable-decompression), which answers a body that is not valid gzip by closing the
 * connection without a status. The decoded body is bounded here: the bytes sent are held to the
 * body size limit as they are read ({@link RequestBodyLimit#bounded}), and a small compressed body
 * must not expand past the limit that an uncompressed one is held to.
 */
public final class ContentDecoding {

    /** A content coding the services do not decode (HTTP 415). */
    public static final class Unsupported extends QuireException.InvalidRequest {
        Unsupported(String message) {
            super(message);
        }
    }

    private ContentDecoding() {
    }

    /** True when the header asks for no decoding at all. */
    public static boolean isIdentity(String contentEncoding) {
        return contentEncoding == null || contentEncoding.isBlank() || contentEncoding.strip().equalsIgnoreCase("identity");
    }

    /**
     * @param contentEncoding the request's Content-Encoding header (not identity)
     * @param body            the bytes sent; read to its end when decoded, left open either way
     * @param limit           the most bytes the decoded body may have
     * @param limitName       how a refusal names the limit
     * @throws Unsupported                   for a coding other than gzip and deflate
     * @throws RequestBodyLimit.TooLarge     when the decoded body has more than {@code limit} bytes
     * @throws QuireException.InvalidRequest when the body is not data of that coding
     * @throws IOException                   when reading the body itself fails
     */
    public static byte[] decode(String contentEncoding, InputStream body, long limit, String limitName) throws IOException {
        String coding = contentEncoding.strip().toLowerCase(Locale.ROOT);
        if (!coding.equals("gzip") && !coding.equals("x-gzip") && !coding.equals("deflate")) {
            throw new Unsupported("Content-Encoding '" + contentEncoding + "' is not supported; send the body as gzip, deflate or identity");
        }
        InputStream sent = new SentBody(body);
        try (InputStream decoded = coding.equals("deflate") ? inflating(sent) : new GZIPInputStream(sent)) {
            // one byte past the limit tells "exactly the limit" from "more"; reading stops there
            byte[] bytes = decoded.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
            if (bytes.length > limit) {
                throw new RequestBodyLimit.TooLarge("the " + coding + " body decompresses to more than " + RequestBodyLimit.describe(limit)
                        + ", " + limitName);
            }
            // What follows the compressed data (the decoders ignore it) is read too, and counted, so
            // that a kept-alive connection is left at the next request.
            sent.transferTo(OutputStream.nullOutputStream());
            return bytes;
        } catch (ZipException | EOFException e) {
            // GZIPInputStream's EOFException for a body shorter than a gzip header has no message
            throw new QuireException.InvalidRequest("the body is sent with Content-Encoding " + coding + " but is not valid " + coding
                    + " data: " + Objects.requireNonNullElse(e.getMessage(), "it ends early"));
        }
    }

    /** zlib-wrapped deflate (RFC 1950, what HTTP's "deflate" means) when the first two bytes are a zlib header, else raw deflate. */
    private static InputStream inflating(InputStream body) throws IOException {
        PushbackInputStream in = new PushbackInputStream(body, 2);
        byte[] head = in.readNBytes(2);
        in.unread(head);
        boolean zlib = head.length == 2 && (head[0] & 0x0f) == 8 && (head[0] & 0xff) >> 4 <= 7
                && ((head[0] & 0xff) << 8 | (head[1] & 0xff)) % 31 == 0;
        if (zlib) {
            return new InflaterInputStream(in);
        }
        Inflater raw = new Inflater(true);
        return new InflaterInputStream(in, raw) {
            @Override
            public void close() throws IOException {
                super.close();
                raw.end(); // a supplied Inflater is not ended by the stream
            }
        };
    }

    /**
     * The body as the decoders see it. Closing a decoder does not close the body: Quarkus' input
     * stream reads a body to its end when closed, so a refused body was read whole, uncounted and
     * without a time limit, before the refusal went out (the service's lingering close drops the rest
     * instead, within its limits). And a chunked body answers {@code available()} 0 while more of it
     * is on its way, while JDK 17's GZIPInputStream looks for a following gzip member only when
     * {@code available() > 0} or the member's last read buffered enough bytes (JDK-7036144, fixed in
     * JDK 23): a body of several members (RFC 1952 allows them; concatenated gzip files are one) was
     * decoded short, losing the rest without an error. This stream says more may follow until it has
     * seen the end; at the real end GZIPInputStream's attempt to read another header meets end of
     * stream and it stops there.
     */
    private static final class SentBody extends FilterInputStream {
        private boolean ended;

        SentBody(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            ended |= b < 0;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            ended |= n < 0;
            return n;
        }

        @Override
        public int available() throws IOException {
            return ended ? 0 : Math.max(1, super.available());
        }

        @Override
        public void close() {
            // the server reads or drops the rest of the body; see the class comment
        }
    }
}
