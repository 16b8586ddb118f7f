package dev.quire.inference.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.inference.Await;
import dev.quire.inference.grpc.RandomModelProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Compressed bodies as Triton's HTTP client sends and asks for them (request_compression_algorithm
 * and response_compression_algorithm), and bodies held to the size limit, against the running
 * service over real HTTP with the JDK's client, which neither compresses nor decompresses by itself.
 */
@QuarkusTest
@TestProfile(RandomModelProfile.class)
class CompressedHttpTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> CODINGS = List.of("gzip", "deflate");
    private static final byte[] EMBED = "{\"inputs\":[{\"name\":\"text\",\"datatype\":\"BYTES\",\"shape\":[2],\"data\":[\"compressed bodies\",\"second text\"]}]}"
            .getBytes(StandardCharsets.UTF_8);
    /** Quarkus' default quarkus.http.limits.max-body-size (10240K), which the service keeps. */
    private static final int BODY_LIMIT = 10240 * 1024;

    @TestHTTPResource("/")
    URI base;

    /** HTTP/1.1 as Triton's client speaks; bounded, so that a server that never answers fails the test. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeEach
    void waitUntilBothModelsAreLoaded() throws Exception {
        for (String model : List.of("embedder", "llm")) {
            Await.within(Await.MODEL_LOAD, () -> ready(model), model + " is ready");
        }
    }

    private boolean ready(String model) {
        try {
            return send(http, HttpRequest.newBuilder(base.resolve("/v2/models/" + model + "/ready")).GET()).statusCode() == 200;
        } catch (IOException e) {
            return false; // not listening yet: ask again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static HttpResponse<byte[]> send(HttpClient client, HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpRequest.Builder post(String path, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        return headers.length == 0 ? request : request.headers(headers);
    }

    private HttpResponse<byte[]> ok(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = send(http, request);
        assertEquals(200, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        return response;
    }

    private static JsonNode json(byte[] body) throws IOException {
        return MAPPER.readTree(body);
    }

    private static String error(HttpResponse<byte[]> response) throws IOException {
        return json(response.body()).path("error").asText();
    }

    private static String contentEncoding(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Encoding").orElse("identity");
    }

    /** Both HTTP versions: the decoding is the service's own, not the connection's. */
    @Test
    void gzipAndDeflateJsonRequestsGiveTheSameEmbeddingAsAPlainOne() throws Exception {
        JsonNode plain = json(ok(post("/v2/models/embedder/infer", EMBED)).body()).at("/outputs/0");
        assertEquals(2 * 384, plain.get("data").size());
        for (HttpClient.Version version : HttpClient.Version.values()) {
            HttpClient client = HttpClient.newBuilder().version(version).build();
            for (String coding : CODINGS) {
                HttpResponse<byte[]> response = send(client, post("/v2/models/embedder/infer", Compression.encode(coding, EMBED), "Content-Encoding", coding));
                assertEquals(200, response.statusCode(), version + " " + coding + ": " + new String(response.body(), StandardCharsets.UTF_8));
                assertSameNumbers(plain.get("data"), json(response.body()).at("/outputs/0/data"), version + " " + coding);
            }
        }
    }

    /** Inference-Header-Content-Length keeps the length of the uncompressed JSON part, as Triton's client sends it. */
    @Test
    void compressedBinaryTensorRequestsGiveTheSameAnswer() throws Exception {
        TritonHttpRequest request = new TritonHttpRequest().bytesInput("text", List.of("compressed bodies", "second text"), 2)
                .parameter("binary_data_output", true);
        String jsonLength = String.valueOf(request.headerLength());
        float[] plain = binaryResult(ok(post("/v2/models/embedder/infer", request.body(), InferHttpBody.HEADER_LENGTH, jsonLength))).fp32("embedding");
        assertEquals(2 * 384, plain.length);
        for (String coding : CODINGS) {
            HttpResponse<byte[]> response = ok(post("/v2/models/embedder/infer", Compression.encode(coding, request.body()),
                    InferHttpBody.HEADER_LENGTH, jsonLength, "Content-Encoding", coding));
            assertArrayEquals(plain, binaryResult(response).fp32("embedding"), 1e-6f, coding);
        }
    }

    private static TritonHttpResult binaryResult(HttpResponse<byte[]> response) {
        byte[] body = contentEncoding(response).equals("identity") ? response.body() : Compression.decode(contentEncoding(response), response.body());
        return new TritonHttpResult(body, response.headers().firstValue(InferHttpBody.HEADER_LENGTH).orElseThrow());
    }

    @Test
    void answersComeCompressedWhenTheClientAcceptsIt() throws Exception {
        TritonHttpRequest request = new TritonHttpRequest().bytesInput("text", List.of("compressed answers"), 1).parameter("binary_data_output", true);
        String jsonLength = String.valueOf(request.headerLength());
        HttpResponse<byte[]> plain = ok(post("/v2/models/embedder/infer", request.body(), InferHttpBody.HEADER_LENGTH, jsonLength));
        assertEquals("identity", contentEncoding(plain), "nothing is compressed unless asked for");
        float[] expected = binaryResult(plain).fp32("embedding");

        for (String coding : CODINGS) {
            // binary tensor data (application/octet-stream): Quarkus compresses only the media types it is told to
            HttpResponse<byte[]> binary = ok(post("/v2/models/embedder/infer", request.body(), InferHttpBody.HEADER_LENGTH, jsonLength,
                    "Accept-Encoding", coding));
            assertEquals(coding, contentEncoding(binary), "binary answer");
            assertTrue(binary.headers().firstValue("Content-Type").orElseThrow().startsWith("application/octet-stream"));
            assertArrayEquals(expected, binaryResult(binary).fp32("embedding"), 0f, coding);

            HttpResponse<byte[]> json = ok(post("/v2/models/embedder/infer", EMBED, "Accept-Encoding", coding));
            assertEquals(coding, contentEncoding(json), "JSON answer");
            assertEquals(2 * 384, json(Compression.decode(coding, json.body())).at("/outputs/0/data").size());
        }
    }

    @Test
    void generateTakesACompressedBodyAndAnswersCompressed() throws Exception {
        byte[] body = "{\"text_input\":\"fix the bug in\",\"parameters\":{\"max_tokens\":4}}".getBytes(StandardCharsets.UTF_8);
        String plain = json(ok(post("/v2/models/llm/generate", body)).body()).get("text_output").asText();
        HttpResponse<byte[]> compressed = ok(post("/v2/models/llm/generate", Compression.encode("gzip", body), "Content-Encoding", "gzip",
                "Accept-Encoding", "gzip"));
        assertEquals("gzip", contentEncoding(compressed));
        assertEquals(plain, json(Compression.decode("gzip", compressed.body())).get("text_output").asText(), "greedy decoding, same prompt");

        // generate_stream reads its body the same way; its events themselves stay uncompressed (HttpCancellationTest)
        HttpResponse<byte[]> stream = ok(post("/v2/models/llm/generate_stream", Compression.encode("deflate", body), "Content-Encoding", "deflate"));
        String events = new String(stream.body(), StandardCharsets.UTF_8);
        assertTrue(events.startsWith("data:") && events.contains("text_output") && !events.contains("\"error\""), events);
    }

    @Test
    void aBodyThatIsNotValidForItsEncodingIs400NamingWhatWasWrong() throws Exception {
        HttpResponse<byte[]> notGzip = send(http, post("/v2/models/embedder/infer", EMBED, "Content-Encoding", "gzip"));
        assertEquals(400, notGzip.statusCode());
        assertTrue(error(notGzip).contains("Content-Encoding gzip but is not valid gzip data: Not in GZIP format"), error(notGzip));

        byte[] gzip = Compression.encode("gzip", EMBED);
        HttpResponse<byte[]> cut = send(http, post("/v2/models/embedder/infer", Arrays.copyOf(gzip, gzip.length / 2), "Content-Encoding", "gzip"));
        assertEquals(400, cut.statusCode());
        assertTrue(error(cut).contains("not valid gzip data"), error(cut));

        HttpResponse<byte[]> notDeflate = send(http, post("/v2/models/llm/generate", EMBED, "Content-Encoding", "deflate"));
        assertEquals(400, notDeflate.statusCode());
        assertTrue(error(notDeflate).contains("not valid deflate data"), error(notDeflate));

        HttpResponse<byte[]> brotli = send(http, post("/v2/models/embedder/infer", EMBED, "Content-Encoding", "br"));
        assertEquals(415, brotli.statusCode());
        assertTrue(error(brotli).contains("'br' is not supported"), error(brotli));

        ok(post("/v2/models/embedder/infer", EMBED)); // and the service answers on
    }

    @Test
    void aBodyThatDecompressesPastTheBodyLimitIs413NamingTheLimit() throws Exception {
        byte[] bomb = padded(BODY_LIMIT + 1);
        byte[] compressed = Compression.encode("gzip", bomb);
        assertTrue(compressed.length < BODY_LIMIT / 100, "the compressed body itself is far below the limit: " + compressed.length);
        HttpResponse<byte[]> refused = send(http, post("/v2/models/embedder/infer", compressed, "Content-Encoding", "gzip"));
        assertEquals(413, refused.statusCode());
        assertTrue(error(refused).contains("decompresses to more than " + BODY_LIMIT + " bytes (10 MiB), the body size limit (quarkus.http.limits.max-body-size)"),
                error(refused));

        // Exactly the limit is allowed, as for an uncompressed body; and the service answers on.
        HttpResponse<byte[]> atLimit = ok(post("/v2/models/embedder/infer", Compression.encode("deflate", padded(BODY_LIMIT)), "Content-Encoding", "deflate"));
        assertEquals(2 * 384, json(atLimit.body()).at("/outputs/0/data").size());
    }

    /**
     * Chunked (no Content-Length): Quarkus itself would end such a body past the limit with an
     * empty 413; the service counts the bytes as it reads them and names the limit.
     */
    @Test
    void aChunkedBodyPastTheBodyLimitIs413NamingTheLimitAndOneWithinItIsRead() throws Exception {
        HttpResponse<byte[]> refused = send(http, postChunked("/v2/models/embedder/infer", padded(BODY_LIMIT + 1)));
        assertEquals(413, refused.statusCode());
        assertEquals("the request body is more than " + BODY_LIMIT + " bytes (10 MiB), the body size limit (quarkus.http.limits.max-body-size)",
                error(refused));

        HttpResponse<byte[]> atLimit = ok(postChunked("/v2/models/embedder/infer", padded(BODY_LIMIT)));
        assertEquals(2 * 384, json(atLimit.body()).at("/outputs/0/data").size());
    }

    /**
     * Empty deflate blocks decode to nothing, so only the count of the bytes sent stops such a
     * body; without it a client could hold a worker thread for as long as it keeps sending.
     */
    @Test
    void aCompressedChunkedBodyIsHeldToTheLimitByTheBytesSentToo() throws Exception {
        byte[] emptyStoredBlock = {0x00, 0x00, 0x00, (byte) 0xff, (byte) 0xff}; // not final, stored, LEN 0, NLEN ~0
        byte[] body = new byte[2 + (BODY_LIMIT / emptyStoredBlock.length + 1) * emptyStoredBlock.length];
        body[0] = 0x78; // zlib header: deflate, 32K window, default level
        body[1] = (byte) 0x9c;
        for (int at = 2; at < body.length; at += emptyStoredBlock.length) {
            System.arraycopy(emptyStoredBlock, 0, body, at, emptyStoredBlock.length);
        }
        HttpResponse<byte[]> refused = send(http, postChunked("/v2/models/embedder/infer", body).header("Content-Encoding", "deflate"));
        assertEquals(413, refused.statusCode(), error(refused));
        assertEquals("the request body is more than " + BODY_LIMIT + " bytes (10 MiB), the body size limit (quarkus.http.limits.max-body-size)",
                error(refused));
    }

    /**
     * The 413 goes out as soon as the decoded bytes pass the limit, while the client may still be
     * sending: closing the decoder read the rest of the body first (Quarkus' body stream reads to
     * the end when closed), so a client that kept its chunked body open waited for Quarkus' read
     * timeout and held a worker thread meanwhile.
     */
    @Test
    void aCompressedBodyPastTheLimitIsRefusedWhileTheClientIsStillSending() throws Exception {
        byte[] bomb = Compression.encode("gzip", padded(BODY_LIMIT + 1));
        try (RawHttpRequest request = RawHttpRequest.sendChunks(base, "/v2/models/embedder/infer", bomb, false, "Content-Encoding: gzip")) {
            request.socket.setSoTimeout(10_000);
            String status = new String(request.socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 413", status);
        }
    }

    /**
     * The connection closes after the 413 once the client has stopped sending: this one sends no
     * closing chunk, so the server waits out its lingering close's pause.
     */
    @Test
    void aChunkedBodyPastTheBodyLimitClosesTheConnectionAfterThe413() throws Exception {
        try (RawHttpRequest request = RawHttpRequest.sendChunks(base, "/v2/models/embedder/infer", padded(BODY_LIMIT + 1), false)) {
            // readAllBytes returns at the end of the stream only: a connection left open fails on the socket's timeout
            String response = new String(request.socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(response.startsWith("HTTP/1.1 413"), response);
            assertTrue(response.toLowerCase(Locale.ROOT).contains("\r\nconnection: close\r\n"), response);
            assertTrue(response.endsWith("the body size limit (quarkus.http.limits.max-body-size)\"}"), response);
        }
    }

    /**
     * Python's requests and Triton's Python client write the whole body before they read. Closing
     * the connection with the rest unread resets it, and the reset threw the 413 away before the
     * client read it ("Connection reset"); the rest is read and dropped first now.
     */
    @Test
    void aClientThatWritesTheWholeBodyBeforeReadingGetsThe413() throws Exception {
        byte[] body = padded(BODY_LIMIT + 4 * 1024 * 1024);
        try (RawHttpRequest declared = RawHttpRequest.send(base, "/v2/models/embedder/infer", new String(body, StandardCharsets.UTF_8))) {
            String response = new String(declared.socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(response.startsWith("HTTP/1.1 413"), response);
            assertTrue(response.contains("bytes, more than the body size limit of " + BODY_LIMIT + " bytes"), response);
        }
        try (RawHttpRequest chunked = RawHttpRequest.sendChunks(base, "/v2/models/embedder/infer", body, true)) {
            String response = new String(chunked.socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(response.startsWith("HTTP/1.1 413"), response);
            assertTrue(response.endsWith("the body size limit (quarkus.http.limits.max-body-size)\"}"), response);
        }
        ok(post("/v2/models/embedder/infer", EMBED));
    }

    /**
     * The answer comes before the body is read, so the test sends only its start; the connection
     * closes once the client has paused for the lingering close's pause.
     */
    @Test
    void aDeclaredLengthOverTheBodyLimitIs413NamingBothSizes() throws Exception {
        try (RawHttpRequest request = RawHttpRequest.sendHead(base, "/v2/models/embedder/infer", 30_000_000L, "{\"inputs\":[")) {
            String response = new String(request.socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(response.startsWith("HTTP/1.1 413"), response);
            assertEquals("the request body is 30000000 bytes, more than the body size limit of 10485760 bytes (10 MiB)"
                    + " (quarkus.http.limits.max-body-size)", json(response.substring(response.indexOf("\r\n\r\n") + 4)
                    .getBytes(StandardCharsets.UTF_8)).path("error").asText());
        }
        ok(post("/v2/models/embedder/infer", EMBED)); // and the service answers on
    }

    /** java.net.http sends a body of unknown length chunked. */
    private HttpRequest.Builder postChunked(String path, byte[] body) {
        return HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
    }

    /** The embedding request followed by JSON whitespace, {@code size} bytes in all. */
    private static byte[] padded(int size) {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) ' ');
        System.arraycopy(EMBED, 0, body, 0, EMBED.length);
        return body;
    }

    private static void assertSameNumbers(JsonNode expected, JsonNode actual, String what) {
        assertEquals(expected.size(), actual.size(), what);
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).doubleValue(), actual.get(i).doubleValue(), 1e-6, what + ", element " + i);
        }
    }
}
