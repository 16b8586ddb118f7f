package dev.quire.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.gateway.browser.HeadlessChromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole mesh, real parts only: a KRaft Kafka broker, inference-svc running llama.cpp on the
 * generated random model, sqlchat-svc on the sample H2 database, gitcommit-svc and the gateway,
 * each in its own JVM. Requests enter at the gateway's HTTP API and travel
 * gateway -> Kafka -> domain service -> gRPC -> inference-svc -> Kafka -> gateway.
 * The last tests stop inference-svc and then Kafka to prove the errors are clear and prompt.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MeshEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Ports moved out of the way of a mesh the developer may be running with the defaults. */
    private static final MeshPorts PORTS = MeshPorts.defaults().shiftedBy(10000);

    private static Mesh mesh;

    @BeforeAll
    static void startMesh() throws Exception {
        Path home = Path.of(System.getProperty("quire.home", "..")).toAbsolutePath().normalize();
        Path runDir = home.resolve("mesh/target/e2e-run");
        deleteRecursively(runDir);
        mesh = new Mesh(home, runDir, PORTS, Map.of()).start(Duration.ofMinutes(4));
    }

    @AfterAll
    static void stopMesh() throws InterruptedException {
        if (mesh == null) {
            return;
        }
        List<Long> pids = mesh.pids();
        mesh.close();
        for (long pid : pids) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " still runs");
        }
    }

    @Test
    @Order(1)
    void sqlAssistantAnswersThroughTheWholeMesh() throws Exception {
        HttpResponse<String> response = post("/v1/sql/generate",
                "{\"database\":\"sample\",\"question\":\"Which customers live in Berlin?\",\"execute\":true}");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        String sql = body.path("sql").asText();
        assertTrue(sql.toUpperCase().startsWith("SELECT"), "a SELECT came back: " + body);
        assertTrue(body.path("valid").asBoolean(), "the schema grammar keeps even the random model's SQL valid: " + body);
        assertTrue(body.path("attempts").asInt() >= 1, body.toString());
        assertTrue(body.path("columns").isArray() && body.path("columns").size() > 0, "the valid SQL was executed: " + body);
        assertTrue(body.path("warnings").toString().contains("random"), "the random test model is announced: " + body);
    }

    @Test
    @Order(2)
    void commitAssistantAnswersThroughTheWholeMesh() throws Exception {
        String diff = """
                diff --git a/src/greeting.txt b/src/greeting.txt
                index 3b18e51..a042389 100644
                --- a/src/greeting.txt
                +++ b/src/greeting.txt
                @@ -1 +1,2 @@
                 hello world
                +hello quire
                """;
        HttpResponse<String> response = post("/v1/commit/message", JSON.createObjectNode().put("diff", diff).toString());
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        String title = body.path("title").asText();
        assertFalse(title.isBlank(), body.toString());
        assertTrue(title.length() <= 50, "title within the default limit of 50: " + title);
        assertTrue(body.path("message").asText().startsWith(title), body.toString());
        assertTrue(body.path("files").toString().contains("src/greeting.txt"), body.toString());
        assertTrue(body.path("warnings").toString().contains("random"), body.toString());
    }

    @Test
    @Order(1)
    void theWebPageAnswersAQuestionAndRunsTheSqlInARealBrowser() throws Exception {
        Path chromium = Path.of(System.getProperty("quire.chromium", "/usr/bin/chromium"));
        Duration wait = Duration.ofSeconds(60);
        try (HeadlessChromium browser = HeadlessChromium.start(chromium)) {
            browser.navigate("http://127.0.0.1:" + PORTS.gatewayHttp() + "/");
            browser.waitFor("document.querySelector('#database option[value=sample]')", wait);
            browser.waitFor("document.querySelectorAll('#schema-tree li.table').length === 5", wait);
            browser.evaluate("document.getElementById('execute').checked = false;"
                    + "document.getElementById('question').value = 'Which customers live in Berlin?';"
                    + "document.getElementById('ask').click(); true");
            browser.waitFor("(document.querySelector('#chat .turn:not(.streaming) .answer-head:not([hidden]) .badge') || {}).textContent", wait);
            assertEquals("valid", browser.evaluate("document.querySelector('#chat .badge').textContent").asText());
            String sql = browser.evaluate("document.querySelector('#chat .sql').innerText").asText();
            assertTrue(sql.startsWith("SELECT"), sql);
            assertTrue(browser.evaluate("document.querySelector('#chat .warning').textContent").asText().contains("random"));

            browser.evaluate("document.querySelector('#chat .run').click(); true");
            browser.waitFor("document.querySelector('#chat .grid thead th')", wait);
            assertTrue(browser.evaluate("document.querySelector('#chat .row-count').textContent").asText().matches("^\\d+ rows?.*"));
            browser.screenshot(mesh.runDir().resolve("sql-client-mesh.png"));
        }
    }

    @Test
    @Order(2)
    void gitHookWritesTheMessageOfARealCommitThroughTheMesh() throws Exception {
        Path repo = Files.createTempDirectory("quire-e2e-repo");
        Path config = Files.createTempDirectory("quire-e2e-config");
        git(repo, config, "init", "-q");
        git(repo, config, "config", "user.email", "e2e@quire.invalid");
        git(repo, config, "config", "user.name", "Quire E2E");
        Files.writeString(repo.resolve("README.md"), "hello\n");
        git(repo, config, "add", "README.md");
        git(repo, config, "commit", "-q", "-m", "docs: add readme");

        Path quire = Path.of(System.getProperty("quire.home", "..")).toAbsolutePath().normalize().resolve("quire");
        ProcessResult install = run(repo, config, quire.toString(), "commit", "hook", "install");
        assertEquals(0, install.exitCode(), install.output());

        Files.writeString(repo.resolve("greeting.py"), "def greet():\n    return 'hi'\n");
        git(repo, config, "add", "greeting.py");
        // GIT_EDITOR=true accepts the prepared message as it is, like a user saving without edits.
        ProcessResult commit = run(repo, config, "git", "commit", "-q");
        assertEquals(0, commit.exitCode(), commit.output());
        String message = run(repo, config, "git", "log", "-1", "--format=%B").output().strip();
        String title = message.lines().findFirst().orElse("");
        assertFalse(title.isBlank(), "the hook wrote a message: " + commit.output());
        assertTrue(title.length() <= 50, "title within 50: " + title);
        assertTrue(title.startsWith("docs:") || title.matches("^[a-z]+(\\([^)]*\\))?: .*"),
                "the conventional style of the history carries over: " + title);
    }

    private static void git(Path repo, Path config, String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "git";
        System.arraycopy(args, 0, command, 1, args.length);
        ProcessResult result = run(repo, config, command);
        assertEquals(0, result.exitCode(), String.join(" ", command) + ": " + result.output());
    }

    private record ProcessResult(int exitCode, String output) {
    }

    /** Runs a command in the repository with the gateway of this test's mesh and no user-wide settings. */
    private static ProcessResult run(Path repo, Path config, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true);
        builder.environment().put("QUIRE_GATEWAY_URL", "http://127.0.0.1:" + PORTS.gatewayHttp());
        builder.environment().put("XDG_CONFIG_HOME", config.toString());
        builder.environment().put("GIT_CONFIG_GLOBAL", config.resolve("gitconfig").toString());
        builder.environment().put("GIT_EDITOR", "true");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new ProcessResult(process.waitFor(), output);
    }

    @Test
    @Order(3)
    void databasesAreListed() throws Exception {
        HttpResponse<String> response = get("/v1/databases");
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"sample\""), response.body());
    }

    @Test
    @Order(3)
    void inferenceMetricsCountedTheAnswers() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + PORTS.inferenceMetrics() + "/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        double successes = response.body().lines()
                .filter(line -> line.startsWith("nv_inference_request_success{") && line.contains("model=\"llm\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
        // The SQL answer and the commit answer (at least one call each) went through llm.
        assertTrue(successes >= 2, "nv_inference_request_success for llm: " + successes + "\n" + response.body());
    }

    @Test
    @Order(4)
    void unknownDatabaseIs404NamingTheKnownOnes() throws Exception {
        HttpResponse<String> response = post("/v1/sql/generate", "{\"database\":\"nope\",\"question\":\"anything?\"}");
        assertEquals(404, response.statusCode(), response.body());
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertEquals("NOT_FOUND", error.path("code").asText());
        assertTrue(error.path("message").asText().contains("sample"), error.toString());
    }

    @Test
    @Order(5)
    void emptyInputIs400() throws Exception {
        assertEquals(400, post("/v1/sql/generate", "{\"database\":\"sample\",\"question\":\"\"}").statusCode());
        assertEquals(400, post("/v1/commit/message", "{\"diff\":\"   \"}").statusCode());
    }

    @Test
    @Order(6)
    void requestPastItsDeadlineIs504AndLoggedWithItsId() throws Exception {
        HttpResponse<String> response = post("/v1/sql/generate",
                "{\"database\":\"sample\",\"question\":\"How many orders?\",\"timeoutMs\":1}");
        assertEquals(504, response.statusCode(), response.body());
        String message = JSON.readTree(response.body()).path("error").path("message").asText();
        String requestId = message.substring(message.lastIndexOf("request id ") + "request id ".length()).trim();
        assertFalse(requestId.isBlank(), message);
        String gatewayLog = Files.readString(mesh.runDir().resolve("logs/gateway.log"), StandardCharsets.UTF_8);
        assertTrue(gatewayLog.contains(requestId), "the gateway logged the failed request " + requestId);
    }

    @Test
    @Order(7)
    void inferenceDownIs503WithinTheDeadline() throws Exception {
        mesh.stopService("inference-svc");
        long start = System.nanoTime();
        HttpResponse<String> response = post("/v1/sql/generate",
                "{\"database\":\"sample\",\"question\":\"How many products?\",\"timeoutMs\":20000}");
        long tookMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertEquals(503, response.statusCode(), response.body());
        assertTrue(response.body().contains("inference"), response.body());
        assertTrue(tookMs < 20000, "answered before the deadline: " + tookMs + " ms");
    }

    @Test
    @Order(8)
    void kafkaDownIs503WithinTheDeadline() throws Exception {
        mesh.stopBroker();
        HttpResponse<String> response = post("/v1/commit/message",
                JSON.createObjectNode().put("diff", "diff --git a/a b/a\n").put("timeoutMs", 20000).toString());
        assertEquals(503, response.statusCode(), response.body());
        assertTrue(response.body().contains("Kafka"), response.body());
    }

    private static HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORTS.gatewayHttp() + path))
                .timeout(Duration.ofSeconds(90))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORTS.gatewayHttp() + path))
                .timeout(Duration.ofSeconds(90)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
