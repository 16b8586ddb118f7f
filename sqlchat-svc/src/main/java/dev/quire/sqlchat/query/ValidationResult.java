package dev.quire.sqlchat.query;

import java.util.List;
import java.util.Optional;

/**
 * The verdict on one SQL text.
 *
 * @param sql    the text that was judged
 * @param errors what is wrong, empty when the SQL is a valid read-only query on the schema
 * @param query  the query, present only when valid: the only way to obtain something the executor runs
 */
public record ValidationResult(String sql, List<String> errors, Optional<ReadOnlyQuery> query) {

    public ValidationResult {
        errors = List.copyOf(errors);
    }

    static ValidationResult valid(String sql) {
        return new ValidationResult(sql, List.of(), Optional.of(new ReadOnlyQuery(sql)));
    }

    static ValidationResult invalid(String sql, List<String> errors) {
        return new ValidationResult(sql, errors, Optional.empty());
    }

    public boolean valid() {
        return query.isPresent();
    }

    /** All errors in one line, for the reply and for the next prompt. */
    public String errorMessage() {
        return String.join("; ", errors);
    }
}
