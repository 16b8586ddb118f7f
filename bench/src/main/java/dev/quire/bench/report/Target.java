package dev.quire.bench.report;

import java.util.List;
import java.util.Locale;

/**
 * One target of issue 3 and whether the measured value meets it. A value that could not be
 * measured never passes: NaN (no successful request) or infinite (a ratio to a point that completed
 * no call in its window, which would otherwise meet every "at least").
 *
 * @param scenario which scenario measured it
 * @param what     what is compared, in words
 * @param measured the measured value
 * @param bound    how it must relate to the limit
 * @param limit    the target's limit
 * @param unit     unit of value and limit, as printed after them ("x", "%", "ms", "")
 */
public record Target(String scenario, String what, double measured, Bound bound, double limit, String unit) {

    private static final int MOST_DECIMALS = 6;

    public enum Bound {
        AT_LEAST(">="), AT_MOST("<="), BELOW("<");

        private final String symbol;

        Bound(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    public static Target atLeast(String scenario, String what, double measured, double limit, String unit) {
        return new Target(scenario, what, measured, Bound.AT_LEAST, limit, unit);
    }

    public static Target atMost(String scenario, String what, double measured, double limit, String unit) {
        return new Target(scenario, what, measured, Bound.AT_MOST, limit, unit);
    }

    public static Target below(String scenario, String what, double measured, double limit, String unit) {
        return new Target(scenario, what, measured, Bound.BELOW, limit, unit);
    }

    public boolean met() {
        if (!Double.isFinite(measured)) {
            return false;
        }
        return switch (bound) {
            case AT_LEAST -> measured >= limit;
            case AT_MOST -> measured <= limit;
            case BELOW -> measured < limit;
        };
    }

    public String verdict() {
        return met() ? "PASS" : "FAIL";
    }

    /**
     * The measured value as the table prints it, with as many more decimals (up to
     * {@value #MOST_DECIMALS}, then in full) as it takes to tell it from the limit: 765.7 / 426.0
     * texts/s against 1.8x printed "1.80x | >= 1.80x | FAIL".
     */
    String measuredText() {
        String text = MarkdownTable.number(measured);
        if (!Double.isFinite(measured) || measured == limit || !text.equals(MarkdownTable.number(limit))) {
            return text;
        }
        for (int decimals = 3; decimals <= MOST_DECIMALS; decimals++) {
            String finer = String.format(Locale.ROOT, "%." + decimals + "f", measured);
            if (!finer.equals(String.format(Locale.ROOT, "%." + decimals + "f", limit))) {
                return finer;
            }
        }
        return String.valueOf(measured);
    }

    /** The targets as a Markdown table with PASS/FAIL per row. */
    public static String table(List<Target> targets) {
        StringBuilder out = new StringBuilder("| scenario | target | measured | required | result |\n|---|---|---:|---:|---|\n");
        for (Target t : targets) {
            out.append("| ").append(t.scenario()).append(" | ").append(t.what()).append(" | ")
                    .append(t.measuredText()).append(t.unit()).append(" | ")
                    .append(t.bound().symbol()).append(' ').append(MarkdownTable.number(t.limit())).append(t.unit()).append(" | **")
                    .append(t.verdict()).append("** |\n");
        }
        return out.toString();
    }
}
