package dev.quire.bench.load;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One benchmark point.
 *
 * @param label              what was measured
 * @param mode               how load was offered
 * @param requests           calls that finished inside the measurement window
 * @param errors             calls that failed inside the window
 * @param requestsPerSecond  finished calls per second
 * @param itemsPerSecond     work units per second (texts for embeddings)
 * @param p50Ms              median latency
 * @param p90Ms              90th percentile latency
 * @param p99Ms              99th percentile latency
 * @param outputTokensPerSecond generated tokens per second (0 without generation)
 * @param ttftP50Ms          median time to first token (NaN without streaming)
 * @param ttftP90Ms          90th percentile time to first token (NaN without streaming)
 * @param itlP50Ms           median inter-token latency (NaN without streaming)
 */
public record Measurement(String label, String mode, long requests, long errors, double requestsPerSecond, double itemsPerSecond,
                          double p50Ms, double p90Ms, double p99Ms, double outputTokensPerSecond, double ttftP50Ms, double ttftP90Ms,
                          double itlP50Ms) {

    /** Field by field median of repeated runs of the same point (runs must share label and mode). */
    public static Measurement median(List<Measurement> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no runs to take the median of");
        }
        Measurement first = runs.get(0);
        return new Measurement(first.label(), first.mode(),
                (long) median(runs, m -> m.requests()), (long) median(runs, m -> m.errors()),
                median(runs, Measurement::requestsPerSecond), median(runs, Measurement::itemsPerSecond),
                median(runs, Measurement::p50Ms), median(runs, Measurement::p90Ms), median(runs, Measurement::p99Ms),
                median(runs, Measurement::outputTokensPerSecond), median(runs, Measurement::ttftP50Ms), median(runs, Measurement::ttftP90Ms),
                median(runs, Measurement::itlP50Ms));
    }

    /** The median of one field over runs (the mean of the middle two for an even count). */
    public static <T> double median(List<T> runs, ToDoubleFunction<T> field) {
        double[] values = runs.stream().mapToDouble(field).toArray();
        Arrays.sort(values);
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}
