package dev.quire.bench.report;

import java.util.List;
import java.util.Locale;

import dev.quire.bench.load.Measurement;

/** Renders measurements as a GitHub Markdown table; columns without data (no generation) are left out. */
public final class MarkdownTable {

    private MarkdownTable() {
    }

    public static String render(List<Measurement> rows) {
        boolean generation = rows.stream().anyMatch(m -> m.outputTokensPerSecond() > 0 || !Double.isNaN(m.ttftP50Ms()));
        StringBuilder out = new StringBuilder();
        out.append("| scenario | load | requests/s | items/s | p50 ms | p90 ms | p99 ms | errors |");
        if (generation) {
            out.append(" output tok/s | TTFT p50 ms | TTFT p90 ms | ITL p50 ms |");
        }
        out.append('\n').append("|---|---|---:|---:|---:|---:|---:|---:|");
        if (generation) {
            out.append("---:|---:|---:|---:|");
        }
        out.append('\n');
        for (Measurement m : rows) {
            out.append("| ").append(m.label()).append(" | ").append(m.mode()).append(" | ")
                    .append(number(m.requestsPerSecond())).append(" | ").append(number(m.itemsPerSecond())).append(" | ")
                    .append(number(m.p50Ms())).append(" | ").append(number(m.p90Ms())).append(" | ").append(number(m.p99Ms()))
                    .append(" | ").append(m.errors()).append(" |");
            if (generation) {
                out.append(' ').append(number(m.outputTokensPerSecond())).append(" | ").append(number(m.ttftP50Ms()))
                        .append(" | ").append(number(m.ttftP90Ms())).append(" | ").append(number(m.itlP50Ms())).append(" |");
            }
            out.append('\n');
        }
        return out.toString();
    }

    public static String number(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        return value >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }
}
