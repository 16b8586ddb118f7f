package dev.quire.sqlchat.query;

import java.util.OptionalInt;

/**
 * One reason why SQL was refused.
 *
 * @param message  what is wrong, in words a user and a model can act on
 * @param position 1-based character offset in the SQL where the problem is, when it is known
 * @param safety   true when the SQL is refused for what it would do (write, lock, read files, ...),
 *                 false when it is read-only but does not fit the schema or does not parse
 */
public record Problem(String message, OptionalInt position, boolean safety) {

    static Problem safety(String message, OptionalInt position) {
        return new Problem(message, position, true);
    }

    static Problem schema(String message, OptionalInt position) {
        return new Problem(message, position, false);
    }
}
