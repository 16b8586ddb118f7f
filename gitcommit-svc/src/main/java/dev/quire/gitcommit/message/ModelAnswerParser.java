package dev.quire.gitcommit.message;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Turns what a model wrote into a title and a body. Small models decorate their answer (quotes,
 * markdown headings, bullets, code fences, "Title:" labels); none of that belongs in a commit.
 */
public final class ModelAnswerParser {

    private static final Pattern HEADING = Pattern.compile("^#+\\s*");
    private static final Pattern BULLET = Pattern.compile("^([-*+•]|\\d+[.)])\\s+");
    private static final Pattern LABEL = Pattern.compile(
            "^(commit message|commit title|commit|title|subject|summary)\\s*:\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern BODY_LABEL = Pattern.compile("^(body|description)\\s*:\\s*", Pattern.CASE_INSENSITIVE);
    /** Broken UTF-8 (a model may emit half a multi-byte character) and control characters never belong in git. */
    private static final Pattern UNPRINTABLE = Pattern.compile("[[\\uFFFD\\p{Cc}]&&[^\\n\\t]]");
    private static final String QUOTES = "\"'`“”‘’«»";

    private ModelAnswerParser() {
    }

    /**
     * @param answer        the model's text
     * @param titleLimit    the title never exceeds this many characters
     * @param fallbackTitle a title from the diff, used when the answer has none
     */
    public static CommitMessage parse(String answer, int titleLimit, Supplier<String> fallbackTitle) {
        List<String> lines = UNPRINTABLE.matcher(answer).replaceAll("").lines().filter(line -> !line.strip().startsWith("```")).toList();
        List<String> warnings = new ArrayList<>();
        int titleIndex = -1;
        String title = "";
        for (int i = 0; i < lines.size(); i++) {
            String cleaned = cleanTitle(lines.get(i));
            if (cleaned.codePoints().anyMatch(Character::isLetterOrDigit)) {
                titleIndex = i;
                title = cleaned;
                break;
            }
        }
        String body;
        if (titleIndex < 0) {
            title = fallbackTitle.get();
            body = "";
            warnings.add("the model's answer held no usable title; the title was derived from the diff");
        } else {
            body = BODY_LABEL.matcher(String.join("\n", lines.subList(titleIndex + 1, lines.size())).strip())
                    .replaceFirst("").strip();
        }
        String shortened = TitleShortener.shorten(title, titleLimit);
        if (!shortened.equals(title)) {
            warnings.add("the title had " + title.length() + " characters and was shortened at a word boundary to the limit of "
                    + titleLimit);
        }
        return new CommitMessage(shortened, body, warnings);
    }

    static String cleanTitle(String line) {
        String previous;
        String title = line.strip();
        // Decorations nest ("## **Title:** `Add x`"), so peel until nothing changes.
        do {
            previous = title;
            title = HEADING.matcher(title).replaceFirst("");
            title = BULLET.matcher(title).replaceFirst("");
            title = stripEnclosing(title, "**");
            title = stripEnclosing(title, "__");
            title = LABEL.matcher(title).replaceFirst("");
            title = stripQuotes(title).strip();
        } while (!title.equals(previous));
        while (title.endsWith(".") && !title.endsWith("..")) {
            title = title.substring(0, title.length() - 1).stripTrailing();
        }
        return title;
    }

    private static String stripEnclosing(String text, String marker) {
        String result = text;
        if (result.startsWith(marker)) {
            result = result.substring(marker.length());
            int close = result.indexOf(marker);
            if (close >= 0) {
                // "**Title:** Add x" keeps " Add x"; "**Add x**" keeps "Add x".
                result = result.substring(0, close) + result.substring(close + marker.length());
            }
        } else if (result.endsWith(marker)) {
            result = result.substring(0, result.length() - marker.length());
        }
        return result.strip();
    }

    /** Removes quotes that enclose the text (or open it and never close), keeping quotes inside it. */
    private static String stripQuotes(String text) {
        if (text.isEmpty() || QUOTES.indexOf(text.charAt(0)) < 0) {
            return text;
        }
        boolean closes = text.length() > 1 && QUOTES.indexOf(text.charAt(text.length() - 1)) >= 0;
        if (closes) {
            return text.substring(1, text.length() - 1);
        }
        return text.indexOf(text.charAt(0), 1) < 0 ? text.substring(1) : text;
    }
}
