package dev.quire.sqlchat.examples;

import java.util.ArrayList;
import java.util.List;

import dev.quire.common.QuireException;
import dev.quire.proto.events.SaveSqlExamplesRequest;
import dev.quire.proto.events.SqlExamplesSaved;
import dev.quire.sqlchat.query.SqlValidator;
import dev.quire.sqlchat.query.ValidationResult;
import dev.quire.sqlchat.schema.DatabaseSchema;
import dev.quire.sqlchat.schema.SchemaCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Accepts question-to-SQL pairs for a database's example store, refusing any the validator refuses. */
@ApplicationScoped
public class ExampleIntake {

    /** Longest question or SQL of a stored example, in characters. */
    static final int MAX_EXAMPLE_CHARS = 4000;

    private final SchemaCatalog catalog;
    private final ExampleStore examples;
    private final SqlValidator validator = new SqlValidator();

    @Inject
    public ExampleIntake(SchemaCatalog catalog, ExampleStore examples) {
        this.catalog = catalog;
        this.examples = examples;
    }

    /** Each pair must be a valid read-only query on the schema: a bad example would teach the model bad SQL. */
    public SqlExamplesSaved save(SaveSqlExamplesRequest request) {
        DatabaseSchema schema = catalog.schema(request.getDatabase());
        if (request.getExamplesCount() == 0) {
            throw new QuireException.InvalidRequest("examples is empty; send at least one {question, sql} pair");
        }
        List<SqlExamplePair> pairs = new ArrayList<>();
        for (int i = 0; i < request.getExamplesCount(); i++) {
            var example = request.getExamples(i);
            if (example.getQuestion().isBlank() || example.getSql().isBlank()) {
                throw new QuireException.InvalidRequest("examples[" + i + "] needs both a question and sql");
            }
            if (example.getQuestion().length() > MAX_EXAMPLE_CHARS || example.getSql().length() > MAX_EXAMPLE_CHARS) {
                throw new QuireException.InvalidRequest("examples[" + i + "] is too long; the limit is " + MAX_EXAMPLE_CHARS
                        + " characters for the question and for the SQL");
            }
            ValidationResult verdict = validator.validate(example.getSql(), schema);
            if (!verdict.valid()) {
                throw new QuireException.InvalidRequest("examples[" + i + "] has SQL that is not a valid read-only query on '"
                        + request.getDatabase() + "': " + verdict.errorMessage());
            }
            pairs.add(new SqlExamplePair(example.getQuestion().strip(), example.getSql().strip()));
        }
        int total = examples.save(request.getDatabase(), pairs);
        return SqlExamplesSaved.newBuilder().setSaved(pairs.size()).setTotal(total).build();
    }
}
