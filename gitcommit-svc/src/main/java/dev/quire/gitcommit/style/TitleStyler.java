package dev.quire.gitcommit.style;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.quire.gitcommit.diff.ChangedFile;

/**
 * Puts a model's title into the project's form: the Conventional Commits prefix when asked for (or
 * when the history uses it), the {@code area:} prefix when the history uses areas, and the case of
 * the subject's first letter the history uses. Small models drift from the examples; this does not.
 */
public final class TitleStyler {

    private TitleStyler() {
    }

    public static String apply(String title, HistoryStyle style, boolean conventional, List<ChangedFile> files) {
        TitleParts parts = TitleParts.of(title);
        String subject = parts.subject().strip();
        if (conventional || style.prefix() == HistoryStyle.Prefix.CONVENTIONAL) {
            ConventionalGuess guess = ConventionalGuess.of(files, parts.type());
            Optional<String> scope = parts.conventional() ? parts.scope().or(guess::scope) : guess.scope();
            // Conventional Commits subjects start lowercase unless the project writes them otherwise.
            String styled = style.subjectCase() == HistoryStyle.Case.UPPER ? capitalise(subject) : lowercase(subject);
            return guess.type() + scope.map(s -> "(" + s + ")").orElse("") + ": " + styled;
        }
        if (style.prefix() == HistoryStyle.Prefix.AREA) {
            String area = parts.scope().filter(style.areas()::contains).orElseGet(() -> areaFor(style, files));
            return area + ": " + withCase(subject, style.subjectCase());
        }
        if (parts.scope().isPresent()) {
            return title;
        }
        return withCase(subject, style.subjectCase());
    }

    /** A known area a changed path mentions, else the files' shared folder, else the first file's name. */
    static String areaFor(HistoryStyle style, List<ChangedFile> files) {
        for (String area : style.areas()) {
            String needle = area.toLowerCase(Locale.ROOT);
            for (ChangedFile file : files) {
                for (String segment : file.path().toLowerCase(Locale.ROOT).split("/")) {
                    String stem = segment.contains(".") ? segment.substring(0, segment.indexOf('.')) : segment;
                    if (stem.equals(needle) || segment.equals(needle)) {
                        return area;
                    }
                }
            }
        }
        Optional<String> folder = ConventionalGuess.scope(files.stream().map(ChangedFile::path).toList());
        if (folder.isPresent()) {
            return folder.get();
        }
        String name = files.isEmpty() ? "misc" : files.get(0).fileName();
        return name.contains(".") && name.indexOf('.') > 0 ? name.substring(0, name.indexOf('.')) : name;
    }

    private static String withCase(String subject, HistoryStyle.Case subjectCase) {
        return switch (subjectCase) {
            case LOWER -> lowercase(subject);
            case UPPER -> capitalise(subject);
            case MIXED -> subject;
        };
    }

    /** Lowercases the first letter, unless the first word is an acronym or identifier (e.g. "API", "JGit"). */
    static String lowercase(String subject) {
        if (subject.isEmpty()) {
            return subject;
        }
        String first = subject.split("\\s+", 2)[0];
        boolean identifier = first.length() > 1 && first.substring(1).chars().anyMatch(Character::isUpperCase);
        return identifier ? subject : subject.substring(0, 1).toLowerCase(Locale.ROOT) + subject.substring(1);
    }

    static String capitalise(String subject) {
        return subject.isEmpty() ? subject : subject.substring(0, 1).toUpperCase(Locale.ROOT) + subject.substring(1);
    }
}
