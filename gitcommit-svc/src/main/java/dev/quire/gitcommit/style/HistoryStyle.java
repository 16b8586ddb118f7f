package dev.quire.gitcommit.style;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a project writes its commit titles, read from its recent titles: the prefix habit
 * (Conventional Commits, {@code area: subject}, or none), the case of the subject's first letter,
 * and the areas in use. A habit counts when at least {@link #MAJORITY} of the titles follow it.
 *
 * @param prefix   the prefix habit
 * @param subjectCase the case of the subject's first letter, when the titles agree
 * @param areas    areas (or conventional scopes) seen, most frequent first
 */
public record HistoryStyle(Prefix prefix, Case subjectCase, List<String> areas) {

    static final double MAJORITY = 0.6;

    public enum Prefix { CONVENTIONAL, AREA, NONE }

    public enum Case { LOWER, UPPER, MIXED }

    public HistoryStyle {
        areas = List.copyOf(areas);
    }

    public static HistoryStyle none() {
        return new HistoryStyle(Prefix.NONE, Case.MIXED, List.of());
    }

    public static HistoryStyle of(List<String> titles) {
        List<TitleParts> parsed = titles.stream().map(String::strip).filter(t -> !t.isEmpty()).map(TitleParts::of).toList();
        if (parsed.isEmpty()) {
            return none();
        }
        int n = parsed.size();
        long conventional = parsed.stream().filter(TitleParts::conventional).count();
        long area = parsed.stream().filter(p -> !p.conventional() && p.scope().isPresent()).count();
        Prefix prefix = conventional >= MAJORITY * n ? Prefix.CONVENTIONAL
                : conventional + area >= MAJORITY * n && area > 0 ? Prefix.AREA : Prefix.NONE;
        long lower = parsed.stream().filter(p -> Character.isLowerCase(p.subject().codePointAt(0))).count();
        long upper = parsed.stream().filter(p -> Character.isUpperCase(p.subject().codePointAt(0))).count();
        Case subjectCase = lower >= MAJORITY * n ? Case.LOWER : upper >= MAJORITY * n ? Case.UPPER : Case.MIXED;
        Map<String, Integer> counts = new LinkedHashMap<>();
        // "docs: x" in an area-style history is the area docs, not the Conventional Commits type.
        parsed.forEach(p -> p.scope().or(p::type).ifPresent(s -> counts.merge(s, 1, Integer::sum)));
        List<String> areas = new ArrayList<>(counts.keySet());
        areas.sort((a, b) -> counts.get(b) - counts.get(a));
        return new HistoryStyle(prefix, subjectCase, areas);
    }
}
