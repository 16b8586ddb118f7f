package dev.quire.cli.learn;

import java.util.List;

/**
 * What the recorded commits say about the suggestions.
 *
 * @param commits        commits recorded
 * @param accepted       committed exactly as suggested
 * @param meanDistance   mean edit distance in characters between suggestion and committed message
 * @param medianDistance median of the same
 * @param meanRelative   mean of distance / length of the longer message (0 = kept, 1 = rewritten)
 */
public record UsageStats(int commits, int accepted, double meanDistance, double medianDistance, double meanRelative) {

    public static UsageStats of(List<UsageRecord> records) {
        if (records.isEmpty()) {
            return new UsageStats(0, 0, 0, 0, 0);
        }
        int[] distances = records.stream().mapToInt(UsageRecord::editDistance).sorted().toArray();
        int n = distances.length;
        double median = n % 2 == 1 ? distances[n / 2] : (distances[n / 2 - 1] + distances[n / 2]) / 2.0;
        double relative = records.stream().mapToDouble(r -> {
            int longer = Math.max(r.suggested().strip().length(), r.committed().strip().length());
            return longer == 0 ? 0 : (double) r.editDistance() / longer;
        }).average().orElse(0);
        return new UsageStats(n, (int) records.stream().filter(UsageRecord::accepted).count(),
                java.util.Arrays.stream(distances).average().orElse(0), median, relative);
    }

    public String describe() {
        if (commits == 0) {
            return "no commits recorded yet (set learn=true and commit with the hook installed)";
        }
        return String.format(java.util.Locale.ROOT,
                "commits recorded: %d%naccepted unchanged: %d (%.0f%%)%nedit distance (characters): mean %.1f, median %.1f%n"
                        + "relative edit distance: mean %.2f (0 = kept as suggested, 1 = rewritten)",
                commits, accepted, 100.0 * accepted / commits, meanDistance, medianDistance, meanRelative);
    }
}
