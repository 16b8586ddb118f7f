package dev.quire.gitcommit.style;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A title split into its prefix and subject: {@code type(scope)!: subject} (Conventional Commits),
 * {@code area: subject}, or a bare subject.
 *
 * @param type    Conventional Commits type, when the title has one
 * @param scope   the scope in parentheses, or the area of an {@code area: subject} title
 * @param subject the words after the prefix
 */
public record TitleParts(Optional<String> type, Optional<String> scope, String subject) {

    public static final java.util.List<String> TYPES = java.util.List.of("feat", "fix", "docs", "style", "refactor", "perf",
            "test", "build", "ci", "chore", "revert");

    private static final Pattern CONVENTIONAL = Pattern.compile("^([a-z]+)(?:\\(([^)\\s]+)\\))?!?:\\s+(.+)$");
    private static final Pattern AREA = Pattern.compile("^([A-Za-z0-9_./-]{1,30}):\\s+(.+)$");

    public static TitleParts of(String title) {
        Matcher conventional = CONVENTIONAL.matcher(title);
        if (conventional.matches() && TYPES.contains(conventional.group(1))) {
            return new TitleParts(Optional.of(conventional.group(1)), Optional.ofNullable(conventional.group(2)),
                    conventional.group(3));
        }
        Matcher area = AREA.matcher(title);
        if (area.matches()) {
            return new TitleParts(Optional.empty(), Optional.of(area.group(1)), area.group(2));
        }
        return new TitleParts(Optional.empty(), Optional.empty(), title);
    }

    public boolean conventional() {
        return type.isPresent();
    }
}
