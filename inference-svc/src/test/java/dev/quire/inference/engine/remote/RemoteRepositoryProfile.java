package dev.quire.inference.engine.remote;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A model repository of remote models only, pointing at in-test servers that speak the real
 * protocols: {@code triton} (KServe v2 gRPC, echoing), {@code openai} (OpenAI chat completions,
 * echoing), {@code triton-hang} (accepts and never answers), {@code triton-deadline} (answers with
 * the deadline it saw), {@code triton-embedder} (task embed, batches of 4), {@code openai-hang} (never sends headers), {@code openai-stall} (streams one
 * piece, then nothing), and {@code triton-down} / {@code openai-down} (a port nobody listens on).
 * Those that hang or report a deadline allow remote calls 60 s by default. The servers live as long
 * as the test JVM (surefire forks one per test class).
 */
public class RemoteRepositoryProfile implements QuarkusTestProfile {

    /** Keeps the in-test servers reachable for the whole test class. */
    private static final List<AutoCloseable> SERVERS = new ArrayList<>();
    /** The server behind model {@code triton-embedder}, so a test can see the calls it got. */
    static volatile FakeTritonServer embeddingServer;

    @Override
    public Map<String, String> getConfigOverrides() {
        try {
            FakeTritonServer triton = new FakeTritonServer();
            FakeTritonServer hanging = new FakeTritonServer();
            hanging.behaviour = FakeTritonServer.Behaviour.HANG;
            FakeTritonServer deadlineReporting = new FakeTritonServer();
            deadlineReporting.behaviour = FakeTritonServer.Behaviour.REPORT_DEADLINE;
            FakeOpenAiServer openAi = new FakeOpenAiServer();
            FakeOpenAiServer openAiHanging = new FakeOpenAiServer();
            openAiHanging.behaviour = FakeOpenAiServer.Behaviour.HANG_BEFORE_HEADERS;
            FakeOpenAiServer openAiStalling = new FakeOpenAiServer();
            openAiStalling.behaviour = FakeOpenAiServer.Behaviour.ONE_PIECE_THEN_STALL;
            FakeTritonServer embedding = new FakeTritonServer();
            embedding.behaviour = FakeTritonServer.Behaviour.EMBED;
            embeddingServer = embedding;
            SERVERS.addAll(List.of(triton, hanging, deadlineReporting, openAi, openAiHanging, openAiStalling, embedding));
            int closedPort;
            try (ServerSocket socket = new ServerSocket(0)) {
                closedPort = socket.getLocalPort();
            }
            Path repo = Files.createTempDirectory("quire-remote-repo-");
            model(repo, "triton", """
                    engine=triton
                    endpoint=http://%s
                    remote_model=echo
                    dialect=quire
                    stream=true
                    context_size=512
                    """.formatted(triton.target()));
            model(repo, "triton-hang", """
                    engine=triton
                    endpoint=http://%s
                    stream=false
                    remote_timeout_microseconds=60000000
                    """.formatted(hanging.target()));
            model(repo, "triton-deadline", """
                    engine=triton
                    endpoint=http://%s
                    stream=false
                    remote_timeout_microseconds=60000000
                    """.formatted(deadlineReporting.target()));
            model(repo, "openai-hang", """
                    engine=openai
                    endpoint=%s
                    stream=false
                    remote_timeout_microseconds=60000000
                    """.formatted(openAiHanging.baseUrl()));
            model(repo, "openai-stall", """
                    engine=openai
                    endpoint=%s
                    stream=true
                    remote_timeout_microseconds=60000000
                    """.formatted(openAiStalling.baseUrl()));
            // A batch of 4 starts at once; fewer wait up to 5 s for more.
            model(repo, "triton-embedder", """
                    engine=triton
                    task=embed
                    endpoint=http://%s
                    remote_model=minilm
                    max_batch_size=8
                    dynamic_batching.preferred_batch_size=4
                    dynamic_batching.max_queue_delay_microseconds=5000000
                    """.formatted(embedding.target()));
            model(repo, "triton-down", """
                    engine=triton
                    endpoint=http://127.0.0.1:%d
                    """.formatted(closedPort));
            model(repo, "openai", """
                    engine=openai
                    endpoint=%s
                    remote_model=echo-model
                    api=chat
                    api_key_env=QUIRE_TEST_UNSET_KEY_VARIABLE
                    stream=true
                    grammar_field=grammar
                    """.formatted(openAi.baseUrl()));
            model(repo, "openai-down", """
                    engine=openai
                    endpoint=http://127.0.0.1:%d/v1
                    stream=false
                    """.formatted(closedPort));
            return Map.of("quire.model.repository", repo.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void model(Path repo, String name, String config) throws IOException {
        Files.createDirectories(repo.resolve(name));
        Files.writeString(repo.resolve(name).resolve("config.properties"), config);
    }
}
