package dev.quire.cli.hook;

import java.util.Optional;

/** The second argument git passes to prepare-commit-msg: where the message comes from. */
public enum CommitSource {
    /** No source: a plain {@code git commit} opening the editor. */
    PLAIN,
    /** {@code -m} or {@code -F}: the user wrote the message. */
    MESSAGE,
    /** {@code -t} or commit.template. */
    TEMPLATE,
    /** A merge, or {@code .git/MERGE_MSG}. */
    MERGE,
    /** {@code .git/SQUASH_MSG}. */
    SQUASH,
    /** {@code -c}, {@code -C} or {@code --amend}: an existing commit's message. */
    COMMIT;

    public static CommitSource of(Optional<String> argument) {
        if (argument.isEmpty() || argument.get().isEmpty()) {
            return PLAIN;
        }
        return switch (argument.get()) {
            case "message" -> MESSAGE;
            case "template" -> TEMPLATE;
            case "merge" -> MERGE;
            case "squash" -> SQUASH;
            case "commit" -> COMMIT;
            default -> throw new IllegalArgumentException("unknown commit message source '" + argument.get()
                    + "'; git passes message, template, merge, squash or commit");
        };
    }
}
