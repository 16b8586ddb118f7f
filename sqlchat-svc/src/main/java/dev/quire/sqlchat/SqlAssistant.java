package dev.quire.sqlchat;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import dev.quire.common.QuireException;
import dev.quire.common.inference.GenerationRequest;
import dev.quire.common.inference.GenerationResult;
import dev.quire.common.inference.TextGenerationClient;
import dev.quire.proto.events.Row;
import dev.quire.proto.events.SqlReply;
import dev.quire.proto.events.SqlRequest;
import dev.quire.sqlchat.config.SqlChatConfig;
import dev.quire.sqlchat.db.DatabaseRegistry;
import dev.quire.sqlchat.grammar.SchemaGrammar;
import dev.quire.sqlchat.prompt.SqlPrompt;
import dev.quire.sqlchat.prompt.SqlPrompt.FailedAttempt;
import dev.quire.sqlchat.query.QueryExecutor;
import dev.quire.sqlchat.query.QueryResult;
import dev.quire.sqlchat.query.SqlExtractor;
import dev.quire.sqlchat.query.SqlValidator;
import dev.quire.sqlchat.query.ValidationResult;
import dev.quire.sqlchat.schema.DatabaseSchema;
import dev.quire.sqlchat.schema.SchemaCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Answers one question about one database: prompt with the schema, generate, extract, validate,
 * optionally execute; a failed validation or execution is fed back to the model for another
 * attempt, up to {@code quire.sql.max-attempts}.
 */
@ApplicationScoped
public class SqlAssistant {

    private final SqlChatConfig config;
    private final DatabaseRegistry databases;
    private final SchemaCatalog schemas;
    private final SqlPrompt prompt;
    private final TextGenerationClient model;
    private final Clock clock;
    private final SqlValidator validator = new SqlValidator();
    private final QueryExecutor executor = new QueryExecutor();

    @Inject
    public SqlAssistant(SqlChatConfig config, DatabaseRegistry databases, SchemaCatalog schemas, SqlPrompt prompt,
            TextGenerationClient model, Clock clock) {
        this.config = config;
        this.databases = databases;
        this.schemas = schemas;
        this.prompt = prompt;
        this.model = model;
        this.clock = clock;
    }

    public SqlReply answer(SqlRequest request, Instant deadline) {
        String question = checkedQuestion(request.getQuestion());
        DatabaseSchema schema = schemas.schema(request.getDatabase());
        if (schema.tables().isEmpty()) {
            throw new QuireException.InvalidRequest("database '" + request.getDatabase() + "' has no tables or views in schema '"
                    + schema.schemaName().orElse("(default)") + "' to ask about");
        }
        Optional<String> grammar = config.useGrammar() ? Optional.of(SchemaGrammar.of(schema)) : Optional.empty();
        Set<String> warnings = new LinkedHashSet<>();
        Optional<FailedAttempt> previous = Optional.empty();
        SqlReply.Builder reply = SqlReply.newBuilder();
        for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
            String sql = generate(schema, question, previous, grammar, deadline, warnings);
            reply = SqlReply.newBuilder().setSql(sql).setAttempts(attempt);
            ValidationResult verdict = validator.validate(sql, schema);
            if (!verdict.valid()) {
                reply.setValid(false).setError(verdict.errorMessage());
                previous = Optional.of(new FailedAttempt(sql, verdict.errorMessage()));
                continue;
            }
            reply.setValid(true);
            if (!request.getExecute()) {
                break;
            }
            Optional<String> executionError = execute(request.getDatabase(), verdict, deadline, reply);
            if (executionError.isEmpty()) {
                break;
            }
            reply.setError(executionError.get());
            previous = Optional.of(new FailedAttempt(sql, executionError.get()));
        }
        return reply.addAllWarnings(warnings).build();
    }

    private String checkedQuestion(String question) {
        if (question == null || question.isBlank()) {
            throw new QuireException.InvalidRequest("the question is empty; ask something about the database");
        }
        if (question.length() > config.maxQuestionChars()) {
            throw new QuireException.InvalidRequest("the question has " + question.length() + " characters; the limit is "
                    + config.maxQuestionChars() + " (quire.sql.max-question-chars)");
        }
        return question;
    }

    private String generate(DatabaseSchema schema, String question, Optional<FailedAttempt> previous, Optional<String> grammar,
            Instant deadline, Set<String> warnings) {
        GenerationRequest request = GenerationRequest.greedy(prompt.render(schema, question, previous), config.maxTokens(), deadline);
        if (grammar.isPresent()) {
            request = request.withGrammar(grammar.get());
        }
        GenerationResult result = model.generate(request);
        warnings.addAll(result.warnings());
        return SqlExtractor.extract(result.text());
    }

    /** Runs the query and fills the reply's rows; returns the database's complaint if it rejected the query. */
    private Optional<String> execute(String database, ValidationResult verdict, Instant deadline, SqlReply.Builder reply) {
        Duration timeLeft = Duration.between(clock.instant(), deadline);
        try (Connection connection = databases.open(database)) {
            QueryResult result = executor.execute(connection, verdict.query().orElseThrow(), config.maxRows(), timeLeft);
            reply.addAllColumns(result.columns()).setTruncated(result.truncated());
            for (var row : result.rows()) {
                reply.addRows(Row.newBuilder().addAllValues(row));
            }
            return Optional.empty();
        } catch (SQLException e) {
            return Optional.of("the database rejected the query: " + e.getMessage());
        }
    }
}
