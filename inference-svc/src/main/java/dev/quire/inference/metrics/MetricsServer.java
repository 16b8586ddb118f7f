package dev.quire.inference.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.quire.inference.model.ServedModel;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Prometheus {@code /metrics} on its own port (8002, as Triton), apart from the KServe HTTP port.
 * A JDK HttpServer with one thread: scrapes are rare and cheap. Not Vert.x, on purpose: served there,
 * the HTTP/1.1 pipeline ran through Netty code that the JIT had compiled for gRPC's alone, and the
 * first two scrapes under gRPC load threw away 20 and 18 compiled methods of the serving path (3 and
 * 5 with this server; 2026-11-30, -XX:+PrintCompilation, 4 clients of the ONNX embedder).
 */
@ApplicationScoped
public class MetricsServer {

    private static final Logger LOG = Logger.getLogger(MetricsServer.class);
    static final String PATH = "/metrics";

    @Inject
    ServedModel served;

    /** Port of /metrics; 0 picks a free one (tests). */
    @ConfigProperty(name = "quire.metrics.port", defaultValue = "8002")
    int port;

    @ConfigProperty(name = "quire.metrics.host", defaultValue = "0.0.0.0")
    String host;

    private HttpServer server;
    private ExecutorService executor;

    void onStart(@Observes StartupEvent event) throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 0);
        // The JDK matches contexts by path prefix (a /metrics context also serves /metricsx) and answers a path
        // without one with an HTML page: one root context decides for every path.
        server.createContext("/", exchange -> {
            boolean metricsPath = exchange.getRequestURI().getPath().equals(PATH);
            String method = exchange.getRequestMethod();
            if (metricsPath && (method.equals("GET") || method.equals("HEAD"))) {
                byte[] body = PrometheusText.render(served.ready()).getBytes(StandardCharsets.UTF_8);
                send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", method.equals("HEAD") ? null : body);
            } else if (metricsPath) {
                exchange.getResponseHeaders().add("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", (method + " " + PATH + " is not allowed; scrape it with GET\n").getBytes(StandardCharsets.UTF_8));
            } else {
                send(exchange, 404, "text/plain; charset=utf-8", ("this port serves Prometheus metrics at GET " + PATH + " only; "
                        + exchange.getRequestURI().getPath() + " is not served\n").getBytes(StandardCharsets.UTF_8));
            }
        });
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "quire-metrics");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
        LOG.infof("Prometheus metrics on http://%s:%d/metrics", host, server.getAddress().getPort());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (server != null) {
            server.stop(0);
            // stop() leaves the executor to its owner: a test JVM restarts the application many times.
            executor.shutdownNow();
        }
    }

    /** {@code body} null: headers only (HEAD), with the length a GET would have had left out. */
    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body == null ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (body != null) {
                out.write(body);
            }
        }
    }

    /** The bound port (differs from the configured one when that was 0). */
    public int port() {
        return server.getAddress().getPort();
    }
}
