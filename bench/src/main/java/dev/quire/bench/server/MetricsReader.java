package dev.quire.bench.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.quire.inference.metrics.PrometheusText;

/** Reads per-model values from the server's Prometheus text, to show what the server itself counted. */
public final class MetricsReader {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final URI metrics;

    public MetricsReader(int port) {
        this.metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
    }

    /** The whole Prometheus text, read once for several {@link #value} look-ups. */
    public String scrape() throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The value of {@code name{model="<model>",version="1"}}; fails when the text does not report it. */
    public static double value(String prometheusText, String name, String model) {
        String prefix = name + "{" + PrometheusText.modelLabels(model) + "} ";
        return prometheusText.lines().filter(l -> l.startsWith(prefix)).findFirst()
                .map(l -> Double.parseDouble(l.substring(prefix.length()).strip()))
                .orElseThrow(() -> new IllegalStateException("the server reports no " + prefix.strip()));
    }
}
