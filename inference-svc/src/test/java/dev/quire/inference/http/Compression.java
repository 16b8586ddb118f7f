package dev.quire.inference.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * Compresses bodies as Triton's HTTP client does (Python's gzip.compress and zlib.compress: gzip,
 * and deflate in its zlib wrapping) and undoes a server's Content-Encoding, with java.util.zip
 * alone so that the tests do not check the server's decoder with itself.
 */
final class Compression {

    private Compression() {
    }

    static byte[] encode(String encoding, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = switch (encoding) {
            case "gzip" -> new GZIPOutputStream(out);
            case "deflate" -> new DeflaterOutputStream(out, new Deflater()); // zlib wrapping: HTTP's "deflate"
            case "raw-deflate" -> new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION, true));
            default -> throw new IllegalArgumentException(encoding);
        }) {
            z.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] decode(String encoding, byte[] body) {
        try (InputStream in = switch (encoding) {
            case "gzip" -> new GZIPInputStream(new ByteArrayInputStream(body));
            case "deflate" -> new InflaterInputStream(new ByteArrayInputStream(body));
            default -> throw new IllegalArgumentException(encoding);
        }) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
