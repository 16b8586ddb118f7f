package dev.quire.gitcommit;

import java.util.List;

import dev.quire.common.CommitOptionLimits;
import dev.quire.common.QuireException;
import dev.quire.proto.events.CommitOptions;

/** Turns a request's options (proto3: absent means zero or empty) into checked, effective values. */
public final class CommitOptionsResolver {

    /** Shorter titles cannot say anything; longer ones are not titles. */
    public static final int MIN_TITLE_LENGTH = 10;
    public static final int MAX_TITLE_LENGTH = 200;
    /** The language goes into the prompt verbatim, so it must stay a name, not a paragraph. */
    public static final int MAX_LANGUAGE_LENGTH = 40;
    /** An example is a title; longer text is cut to this many characters. */
    public static final int MAX_EXAMPLE_LENGTH = 200;

    private final int defaultTitleLength;
    private final String defaultLanguage;

    public CommitOptionsResolver(int defaultTitleLength, String defaultLanguage) {
        this.defaultTitleLength = defaultTitleLength;
        this.defaultLanguage = defaultLanguage;
    }

    /** Errors name the options as the HTTP API and the git hook send them (maxTitleLength, history), not the event's fields. */
    public EffectiveOptions resolve(CommitOptions options) {
        int titleLength = options.getMaxTitleLength() == 0 ? defaultTitleLength : options.getMaxTitleLength();
        if (titleLength < MIN_TITLE_LENGTH || titleLength > MAX_TITLE_LENGTH) {
            throw new QuireException.InvalidRequest("options.maxTitleLength must be between " + MIN_TITLE_LENGTH
                    + " and " + MAX_TITLE_LENGTH + " characters, got " + titleLength);
        }
        String language = options.getLanguage().isBlank() ? defaultLanguage : options.getLanguage().strip();
        if (language.length() > MAX_LANGUAGE_LENGTH || language.contains("\n")) {
            throw new QuireException.InvalidRequest("options.language must be a language name on one line of at most "
                    + MAX_LANGUAGE_LENGTH + " characters, got " + language.length() + " characters");
        }
        int suggestions = options.getSuggestions() == 0 ? 1 : options.getSuggestions();
        CommitOptionLimits.requireSuggestions(suggestions);
        // Users send style examples as options.history (HTTP API, git hook): the error names the field they know.
        CommitOptionLimits.requireHistory(options.getStyleExamplesCount());
        List<String> examples = options.getStyleExamplesList().stream()
                .map(e -> e.lines().findFirst().orElse("").strip())
                .filter(e -> !e.isEmpty())
                .map(e -> e.length() > MAX_EXAMPLE_LENGTH ? e.substring(0, MAX_EXAMPLE_LENGTH) : e)
                .toList();
        return new EffectiveOptions(titleLength, language, options.getConventional(), suggestions, examples);
    }

    /**
     * @param maxTitleLength the title never exceeds this many characters
     * @param language       language the message is written in
     * @param conventional   whether the title starts with a Conventional Commits type
     * @param suggestions    how many messages to write
     * @param styleExamples  recent titles of the repository, newest first, one line each
     */
    public record EffectiveOptions(int maxTitleLength, String language, boolean conventional, int suggestions,
            List<String> styleExamples) {

        public EffectiveOptions {
            styleExamples = List.copyOf(styleExamples);
        }

        /** One suggestion, no history. */
        public EffectiveOptions(int maxTitleLength, String language, boolean conventional) {
            this(maxTitleLength, language, conventional, 1, List.of());
        }
    }
}
