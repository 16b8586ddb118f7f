package dev.quire.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.common.http.ChunkedBody;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bodies the endpoints cannot read still get the API's JSON error, in the client's terms: the
 * field and the JSON type it takes, where broken JSON breaks, the size limit, the content type
 * and the encodings the gateway takes. None of them reaches Kafka.
 */
@QuarkusTest
@QuarkusTestResource(InMemoryMesh.class)
class RequestBodyErrorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STREAMED_BODY_TOO_LARGE = "the request body goes past 10485760 bytes (10 MiB), the most the gateway accepts";
    /** HTTP/1.1 as curl speaks it: no upgrade to HTTP/2 in the way of the body. */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Inject
    @Any
    InMemoryConnector connector;

    @BeforeEach
    void clearRequests() {
        connector.sink("sql-requests").clear();
        connector.sink("commit-requests").clear();
    }

    @Test
    void aValueOfTheWrongJsonTypeNamesTheFieldAndTheTypeItTakes() {
        assertBadRequest("/v1/sql/generate", "{\"database\":\"sample\",\"question\":\"hi\",\"execute\":\"yes\"}",
                "execute must be true or false, got \"yes\"");
        assertBadRequest("/v1/sql/generate", "{\"database\":\"sample\",\"question\":\"hi\",\"timeoutMs\":\"abc\"}",
                "timeoutMs must be a whole number, got \"abc\"");
        assertBadRequest("/v1/sql/generate", "{\"database\":\"sample\",\"question\":{\"a\":1}}",
                "question must be a string, got an object");
        assertBadRequest("/v1/sql/generate", "[1,2]", "the request body must be a JSON object, got an array");
        assertBadRequest("/v1/commit/message", "{\"diff\":[\"a\"]}", "diff must be a string, got an array");
        assertBadRequest("/v1/commit/message", "{\"diff\":\"d\",\"options\":{\"maxTitleLength\":\"long\"}}",
                "options.maxTitleLength must be a whole number, got \"long\"");
        assertBadRequest("/v1/sql/execute", "{\"database\":\"sample\",\"sql\":[\"SELECT 1\"]}", "sql must be a string, got an array");
        assertNothingPublished();
    }

    @Test
    void aWrongMethodNamesTheOneThePathTakes() {
        given().get("/v1/sql/generate").then().statusCode(405).header("Allow", "POST")
                .body("error.code", equalTo("METHOD_NOT_ALLOWED"))
                .body("error.message", equalTo("GET /v1/sql/generate is not allowed; /v1/sql/generate takes POST"));
        given().get("/v1/databases/sample/examples").then().statusCode(405).header("Allow", "POST");
        given().contentType(ContentType.JSON).body("{}").post("/v1/databases/sample/schema").then().statusCode(405).header("Allow", "GET")
                .body("error.message", equalTo("POST /v1/databases/sample/schema is not allowed; /v1/databases/sample/schema takes GET"));
        given().delete("/v1/databases").then().statusCode(405).header("Allow", "GET");
    }

    @Test
    void anUnknownFieldIsRefusedNamingTheFieldsThatExist() {
        assertBadRequest("/v1/commit/message", "{\"diff\":\"d\",\"count\":2}",
                "unknown field 'count'; the request body takes [diff, options, timeoutMs]");
        assertBadRequest("/v1/commit/message", "{\"diff\":\"d\",\"options\":{\"suggestion\":2}}",
                "unknown field 'options.suggestion'; options takes [conventional, history, language, maxTitleLength, suggestions]");
        assertBadRequest("/v1/sql/execute", "{\"database\":\"sample\",\"query\":\"SELECT 1\"}",
                "unknown field 'query'; the request body takes [database, sql, timeoutMs]");
        assertNothingPublished();
    }

    @Test
    void brokenJsonSaysWhatIsWrongAndWhere() {
        given().contentType(ContentType.JSON).body("{\"database\":\"sample\",")
                .post("/v1/sql/generate")
                .then().statusCode(400)
                .body("error.code", equalTo("INVALID_ARGUMENT"))
                .body("error.message", allOf(containsString("the request body is not valid JSON: Unexpected end-of-input"),
                        containsString("(at line 1, column 22)"), not(containsString("HTTP 400")), not(containsString("Source"))));
        given().contentType(ContentType.JSON).body("{\n  \"database\": sample\n}")
                .post("/v1/sql/generate")
                .then().statusCode(400)
                .body("error.message", allOf(containsString("Unrecognized token 'sample'"), containsString("line 2, column")));
        assertNothingPublished();
    }

    /**
     * The client announces 30 MB; the answer comes before the body is read, so the test sends only
     * its start (the connection closes once the client has paused for the lingering close's pause).
     */
    @Test
    void anOversizeBodyIs413WithTheLimit() throws IOException {
        try (Socket socket = postHead(30_000, "Content-Length: 30000000")) { // a server that never closes fails the test
            OutputStream out = socket.getOutputStream();
            out.write("{\"database\":\"sample\",\"question\":\"".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(response.startsWith("HTTP/1.1 413"), response);
            JsonNode error = JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4)).path("error");
            assertEquals("PAYLOAD_TOO_LARGE", error.path("code").asText());
            assertEquals("the request body is 30000000 bytes; the gateway accepts at most 10485760 bytes (10 MiB)",
                    error.path("message").asText());
        }
        assertNothingPublished();
    }

    /**
     * As Python's requests does: the whole body is written before the answer is read. Closing the
     * connection with the rest of the body unread reset it, and the client got "Broken pipe" or
     * "Connection reset" instead of the 413; the gateway now reads and drops the rest first.
     */
    @Test
    void aClientThatWritesTheWholeBodyBeforeReadingGetsThe413() throws IOException {
        byte[] body = ("{\"database\":\"sample\",\"question\":\"" + "x".repeat(14 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        try (Socket socket = postHead(30_000, "Content-Length: " + body.length)) {
            OutputStream out = socket.getOutputStream();
            out.write(body);
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(response.startsWith("HTTP/1.1 413"), response);
            JsonNode error = JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4)).path("error");
            assertEquals("the request body is " + body.length + " bytes; the gateway accepts at most 10485760 bytes (10 MiB)",
                    error.path("message").asText());
        }
        assertNothingPublished();
    }

    /**
     * Jackson closes its input even when it fails, and Quarkus' body stream reads every byte left
     * when closed: a chunked body past the limit was answered only once the client stopped sending
     * (here: never, so after Quarkus' read timeout), and the bytes after a valid JSON body were read
     * without any limit. Neither client sends its closing chunk; both get the 413 while still open.
     */
    @Test
    void aChunkedBodyPastTheLimitIsRefusedWhileTheClientIsStillSending() throws IOException {
        byte[] pastTheLimit = ("{\"database\":\"sample\",\"question\":\"" + "x".repeat(11 * 1024 * 1024)).getBytes(StandardCharsets.UTF_8);
        byte[] trailingBytes = ("{\"database\":\"sample\",\"question\":\"Which customers live in Berlin?\"}" + " ".repeat(11 * 1024 * 1024))
                .getBytes(StandardCharsets.UTF_8);
        for (byte[] body : new byte[][] {pastTheLimit, trailingBytes}) {
            try (Socket socket = postHead(10_000, "Transfer-Encoding: chunked")) {
                OutputStream out = socket.getOutputStream();
                ChunkedBody.writeChunks(out, body);
                out.flush();
                String response = readUntil(socket, STREAMED_BODY_TOO_LARGE);
                assertTrue(response.startsWith("HTTP/1.1 413"), response);
            }
        }
        assertNothingPublished();
    }

    @Test
    void aBodyThatIsNotDeclaredJsonIs415SayingWhatTheEndpointTakes() throws Exception {
        given().contentType(ContentType.URLENC).body("{\"database\":\"sample\",\"question\":\"hi\"}")
                .post("/v1/sql/generate")
                .then().statusCode(415)
                .body("error.code", equalTo("UNSUPPORTED_MEDIA_TYPE"))
                .body("error.message", equalTo("this endpoint takes a JSON body: send the header Content-Type: application/json "
                        + "(the request's was application/x-www-form-urlencoded; charset=ISO-8859-1)"));
        HttpResponse<String> text = post("/v1/commit/message", "text/plain", null, "{\"diff\":\"d\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(415, text.statusCode());
        assertTrue(error(text).path("message").asText().endsWith("(the request's was text/plain)"), text.body());
        // No Content-Type at all is read as JSON (Quarkus's choice): the body's own problem is what comes back.
        HttpResponse<String> untyped = post("/v1/commit/message", null, null, "{\"diff\":\"\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, untyped.statusCode(), untyped.body());
        assertTrue(error(untyped).path("message").asText().startsWith("diff is required"), untyped.body());
        assertNothingPublished();
    }

    /** A compressed body is decoded before it is read: the question's own limit is what refuses it. */
    @Test
    void gzipAndDeflateBodiesAreDecoded() throws Exception {
        byte[] body = ("{\"database\":\"sample\",\"question\":\"" + "x".repeat(4001) + "\"}").getBytes(StandardCharsets.UTF_8);
        for (String encoding : new String[] { "gzip", "deflate" }) {
            HttpResponse<String> response = post("/v1/sql/generate", "application/json", encoding, compress(encoding, body));
            assertEquals(400, response.statusCode(), encoding + ": " + response.body());
            assertEquals("question is 4001 characters; the limit is 4000", error(response).path("message").asText(), encoding);
        }
        assertNothingPublished();
    }

    /** 11 MB of JSON compress to a few kilobytes; the body limit counts the decoded bytes. */
    @Test
    void theBodyLimitAppliesToTheDecodedBytes() throws Exception {
        byte[] huge = ("{\"database\":\"sample\",\"question\":\"" + "x".repeat(11 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] compressed = compress("gzip", huge);
        assertTrue(compressed.length < 100_000, "the compressed body is small: " + compressed.length);
        HttpResponse<String> refused = post("/v1/sql/generate", "application/json", "gzip", compressed);
        assertEquals(413, refused.statusCode());
        assertEquals("PAYLOAD_TOO_LARGE", error(refused).path("code").asText());
        assertEquals("the gzip body decompresses to more than 10485760 bytes (10 MiB), the most the gateway accepts",
                error(refused).path("message").asText());
        assertNothingPublished();
    }

    /** Empty deflate blocks decode to nothing: only the count of the bytes sent stops such a body. */
    @Test
    void aCompressedChunkedBodyIsHeldToTheLimitByTheBytesSentToo() throws Exception {
        byte[] emptyStoredBlock = {0x00, 0x00, 0x00, (byte) 0xff, (byte) 0xff}; // not final, stored, LEN 0, NLEN ~0
        byte[] body = new byte[2 + (10 * 1024 * 1024 / emptyStoredBlock.length + 1) * emptyStoredBlock.length];
        body[0] = 0x78; // zlib header: deflate, 32K window, default level
        body[1] = (byte) 0x9c;
        for (int at = 2; at < body.length; at += emptyStoredBlock.length) {
            System.arraycopy(emptyStoredBlock, 0, body, at, emptyStoredBlock.length);
        }
        HttpResponse<String> refused = postChunked("/v1/commit/message", "deflate", body);
        assertEquals(413, refused.statusCode(), refused.body());
        assertEquals(STREAMED_BODY_TOO_LARGE, error(refused).path("message").asText());
        assertNothingPublished();
    }

    /** Vert.x's own decompression closed the connection without an answer on such a body. */
    @Test
    void aBodyThatIsNotValidForItsEncodingIs400SayingSo() throws Exception {
        byte[] plain = "{\"database\":\"sample\",\"question\":\"hi\"}".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> notGzip = post("/v1/sql/generate", "application/json", "gzip", plain);
        assertEquals(400, notGzip.statusCode(), notGzip.body());
        assertEquals("INVALID_ARGUMENT", error(notGzip).path("code").asText());
        assertTrue(error(notGzip).path("message").asText()
                .startsWith("the body is sent with Content-Encoding gzip but is not valid gzip data"), notGzip.body());
        HttpResponse<String> notDeflate = post("/v1/commit/message", "application/json", "deflate", plain);
        assertEquals(400, notDeflate.statusCode(), notDeflate.body());
        assertTrue(error(notDeflate).path("message").asText().contains("not valid deflate data"), notDeflate.body());
        assertNothingPublished();
    }

    /** Chunked, so no length is declared: the limit is found while the body is read, and named. */
    @Test
    void aChunkedBodyPastTheLimitIs413WithTheLimitAndOneWithinItIsRead() throws Exception {
        byte[] huge = ("{\"database\":\"sample\",\"question\":\"" + "x".repeat(11 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> refused = postChunked("/v1/sql/generate", null, huge);
        assertEquals(413, refused.statusCode(), refused.body());
        assertEquals(STREAMED_BODY_TOO_LARGE, error(refused).path("message").asText());

        byte[] small = ("{\"database\":\"sample\",\"question\":\"" + "x".repeat(4001) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> read = postChunked("/v1/sql/generate", null, small);
        assertEquals(400, read.statusCode(), read.body());
        assertEquals("question is 4001 characters; the limit is 4000", error(read).path("message").asText());
        assertNothingPublished();
    }

    @Test
    void anEncodingTheGatewayCannotDecodeIs415NamingIt() throws Exception {
        HttpResponse<String> response = post("/v1/sql/generate", "application/json", "compress", "{}".getBytes(StandardCharsets.UTF_8));
        assertEquals(415, response.statusCode());
        assertEquals("UNSUPPORTED_MEDIA_TYPE", error(response).path("code").asText());
        assertEquals("Content-Encoding 'compress' is not supported; send the body as gzip, deflate or identity",
                error(response).path("message").asText());
    }

    /** Connects and writes the head of a JSON POST to /v1/sql/generate with {@code bodyHeader} (a header line without its CRLF). */
    private static Socket postHead(int readTimeoutMillis, String bodyHeader) throws IOException {
        Socket socket = new Socket("localhost", RestAssured.port);
        socket.setSoTimeout(readTimeoutMillis);
        socket.getOutputStream().write(("POST /v1/sql/generate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + bodyHeader + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        return socket;
    }

    /** What the server has sent once it includes {@code expected} (the connection stays open a while after a refusal). */
    private static String readUntil(Socket socket, String expected) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while (!received.toString(StandardCharsets.UTF_8).contains(expected) && (n = socket.getInputStream().read(buffer)) >= 0) {
            received.write(buffer, 0, n);
        }
        return received.toString(StandardCharsets.UTF_8);
    }

    private static void assertBadRequest(String path, String body, String message) {
        given().contentType(ContentType.JSON).body(body)
                .post(path)
                .then().statusCode(400)
                .body("error.code", equalTo("INVALID_ARGUMENT"))
                .body("error.message", equalTo(message));
    }

    private void assertNothingPublished() {
        assertTrue(connector.sink("sql-requests").received().isEmpty(), "nothing reached sqlchat-svc");
        assertTrue(connector.sink("commit-requests").received().isEmpty(), "nothing reached gitcommit-svc");
    }

    /** java.net.http sends no Content-Type or Content-Encoding of its own: each is sent only when given. */
    private static HttpResponse<String> post(String path, String contentType, String contentEncoding, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (contentEncoding != null) {
            request.header("Content-Encoding", contentEncoding);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** java.net.http sends a body of unknown length chunked; Content-Encoding only when given. */
    private static HttpResponse<String> postChunked(String path, String contentEncoding, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
        if (contentEncoding != null) {
            request.header("Content-Encoding", contentEncoding);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode error(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body()).path("error");
    }

    private static byte[] compress(String encoding, byte[] body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = "gzip".equals(encoding) ? new GZIPOutputStream(bytes) : new DeflaterOutputStream(bytes)) {
            out.write(body);
        }
        return bytes.toByteArray();
    }
}
