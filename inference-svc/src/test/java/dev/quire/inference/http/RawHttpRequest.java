package dev.quire.inference.http;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import dev.quire.common.http.ChunkedBody;

/**
 * One HTTP/1.1 POST written on its own socket, which the test closes when it likes: the way a
 * client that goes away (killed, timed out) leaves the server, without any client library between.
 */
final class RawHttpRequest implements AutoCloseable {

    final Socket socket;

    private RawHttpRequest(Socket socket) {
        this.socket = socket;
    }

    /** Sends a JSON POST to {@code path} on the server at {@code base}; {@code extraHeaders} are whole header lines. */
    static RawHttpRequest send(URI base, String path, String json, String... extraHeaders) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        // a test reading an answer that never comes fails instead of hanging
        Socket socket = open(base, path, 60_000, "Content-Length: " + body.length, extraHeaders);
        socket.getOutputStream().write(body);
        socket.getOutputStream().flush();
        return new RawHttpRequest(socket);
    }

    /** Sends a JSON POST's head declaring {@code declaredLength} bytes and only {@code bodyStart} of the body. */
    static RawHttpRequest sendHead(URI base, String path, long declaredLength, String bodyStart) throws IOException {
        Socket socket = open(base, path, 30_000, "Content-Length: " + declaredLength); // a server that never closes fails the test
        socket.getOutputStream().write(bodyStart.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return new RawHttpRequest(socket);
    }

    /**
     * Sends a JSON POST with {@code body} in chunks of 64 KiB ({@link ChunkedBody}), with the closing chunk when
     * {@code whole}: without it, a server that refuses the body once it has read one byte past its
     * limit has then read every byte sent. {@code extraHeaders} are whole header lines.
     */
    static RawHttpRequest sendChunks(URI base, String path, byte[] body, boolean whole, String... extraHeaders) throws IOException {
        Socket socket = open(base, path, 30_000, "Transfer-Encoding: chunked", extraHeaders);
        OutputStream out = socket.getOutputStream();
        ChunkedBody.writeChunks(out, body);
        if (whole) {
            ChunkedBody.writeEnd(out);
        }
        out.flush();
        return new RawHttpRequest(socket);
    }

    /** Connects and writes a JSON POST's head; the headers are whole lines without their CRLF. */
    private static Socket open(URI base, String path, int readTimeoutMillis, String bodyHeader, String... extraHeaders) throws IOException {
        Socket socket = new Socket(base.getHost(), base.getPort());
        socket.setSoTimeout(readTimeoutMillis);
        StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                + "\r\nContent-Type: application/json\r\n" + bodyHeader + "\r\n");
        for (String header : extraHeaders) {
            head.append(header).append("\r\n");
        }
        socket.getOutputStream().write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
