package dev.quire.inference.metrics;

import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

import dev.quire.inference.model.LoadedModel;

/** Renders Triton's metric names (and Quire's generation histograms) in Prometheus text format 0.0.4. */
public final class PrometheusText {

    private PrometheusText() {
    }

    public static String render(List<LoadedModel> models) {
        StringBuilder out = new StringBuilder(4096);
        counter(out, "nv_inference_request_success", "Number of successful inference requests, all batch sizes", models, m -> m.stats().success.count());
        out.append("# HELP nv_inference_request_failure Number of failed inference requests, all batch sizes\n")
                .append("# TYPE nv_inference_request_failure counter\n");
        for (LoadedModel m : models) {
            for (ModelStatistics.FailureReason reason : ModelStatistics.FailureReason.values()) {
                out.append("nv_inference_request_failure{").append(modelLabels(m.name())).append(",reason=\"")
                        .append(reason.name()).append("\"} ").append(m.stats().failures(reason)).append('\n');
            }
        }
        counter(out, "nv_inference_count", "Number of inferences performed (a batch of n counts n)", models, m -> m.stats().inferenceCount.sum());
        counter(out, "nv_inference_exec_count", "Number of model executions performed", models, m -> m.stats().executionCount.sum());
        gauge(out, "nv_inference_pending_request_count", "Instantaneous number of pending requests awaiting execution", models,
                m -> m.scheduler().pending());
        counter(out, "nv_inference_request_duration_us", "Cumulative inference request duration in microseconds", models,
                m -> (m.stats().success.nanos() + m.stats().fail.nanos()) / 1000);
        counter(out, "nv_inference_queue_duration_us", "Cumulative inference queuing duration in microseconds", models,
                m -> m.stats().queue.nanos() / 1000);
        counter(out, "nv_inference_compute_infer_duration_us", "Cumulative compute inference duration in microseconds", models,
                m -> m.stats().computeInfer.nanos() / 1000);
        histogram(out, "quire_time_to_first_token_seconds", "Time from arrival to the first generated piece", models, s -> s.timeToFirstToken);
        histogram(out, "quire_inter_token_latency_seconds", "Time between consecutive generated pieces", models, s -> s.interTokenLatency);
        histogram(out, "quire_prompt_tokens", "Prompt length in tokens", models, s -> s.promptTokens);
        histogram(out, "quire_generated_tokens", "Generated pieces per request", models, s -> s.generatedTokens);
        counter(out, "quire_prefix_cache_hits", "Requests routed to a slot already holding at least "
                + ModelStatistics.PREFIX_HIT_CHARS + " characters of their prompt", models,
                m -> m.stats().prefixCacheHits.sum());
        histogram(out, "quire_prefix_reused_characters", "Prompt characters already cached in the slot a request ran on", models, s -> s.prefixReused);
        return out.toString();
    }

    private static void counter(StringBuilder out, String name, String help, List<LoadedModel> models, ToLongFunction<LoadedModel> value) {
        series(out, name, help, "counter", models, value);
    }

    private static void gauge(StringBuilder out, String name, String help, List<LoadedModel> models, ToLongFunction<LoadedModel> value) {
        series(out, name, help, "gauge", models, value);
    }

    private static void series(StringBuilder out, String name, String help, String type, List<LoadedModel> models, ToLongFunction<LoadedModel> value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n').append("# TYPE ").append(name).append(' ').append(type).append('\n');
        for (LoadedModel m : models) {
            out.append(name).append('{').append(modelLabels(m.name())).append("} ").append(value.applyAsLong(m)).append('\n');
        }
    }

    private static void histogram(StringBuilder out, String name, String help, List<LoadedModel> models,
                                  java.util.function.Function<ModelStatistics, Histogram> pick) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n').append("# TYPE ").append(name).append(" histogram\n");
        for (LoadedModel m : models) {
            Histogram h = pick.apply(m.stats());
            String labels = modelLabels(m.name());
            for (int i = 0; i < h.bounds().size(); i++) {
                out.append(name).append("_bucket{").append(labels).append(",le=\"").append(format(h.bounds().get(i))).append("\"} ")
                        .append(h.cumulative(i)).append('\n');
            }
            out.append(name).append("_bucket{").append(labels).append(",le=\"+Inf\"} ").append(h.count()).append('\n');
            out.append(name).append("_sum{").append(labels).append("} ").append(format(h.sum())).append('\n');
            out.append(name).append("_count{").append(labels).append("} ").append(h.count()).append('\n');
        }
    }

    /**
     * A model's labels. Model names are folder names, which may hold any character: the text format
     * needs backslash, double quote and line feed escaped in a label value, or every line after breaks.
     */
    public static String modelLabels(String model) {
        String escaped = model.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
        return "model=\"" + escaped + "\",version=\"1\"";
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%s", v);
    }
}
