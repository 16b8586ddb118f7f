package dev.quire.sqlchat.query;

import java.util.List;
import java.util.Optional;

/**
 * The verdict on one SQL text.
 *
 * @param sql      the text that was judged
 * @param problems what is wrong, empty when the SQL is a valid read-only query on the schema
 * @param readOnly true when the text parsed as one statement that can only read (it may still name unknown things)
 * @param query    the query, present only when valid: the only way to obtain something the executor runs
 */
public record ValidationResult(String sql, List<Problem> problems, boolean readOnly, Optional<ReadOnlyQuery> query) {

    public ValidationResult {
        problems = List.copyOf(problems);
    }

    static ValidationResult valid(String sql) {
        return new ValidationResult(sql, List.of(), true, Optional.of(new ReadOnlyQuery(sql)));
    }

    static ValidationResult invalid(String sql, List<Problem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid verdict needs at least one problem");
        }
        return new ValidationResult(sql, problems, problems.stream().noneMatch(Problem::safety), Optional.empty());
    }

    static ValidationResult unparsable(String sql, Problem problem) {
        return new ValidationResult(sql, List.of(problem), false, Optional.empty());
    }

    public boolean valid() {
        return query.isPresent();
    }

    /** The problems' messages, in order. */
    public List<String> errors() {
        return problems.stream().map(Problem::message).toList();
    }

    /** All errors in one line, for the reply and for the next prompt. */
    public String errorMessage() {
        return String.join("; ", errors());
    }
}
