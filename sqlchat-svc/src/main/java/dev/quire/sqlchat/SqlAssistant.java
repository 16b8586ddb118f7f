package dev.quire.sqlchat;

import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import dev.quire.common.QuireException;
import dev.quire.common.inference.GenerationRequest;
import dev.quire.common.inference.GenerationResult;
import dev.quire.common.inference.PromptTooLongException;
import dev.quire.common.inference.TextGenerationClient;
import dev.quire.proto.events.Row;
import dev.quire.proto.events.SqlReply;
import dev.quire.proto.events.SqlRequest;
import dev.quire.sqlchat.config.SqlChatConfig;
import dev.quire.sqlchat.conversation.ConversationMemory;
import dev.quire.sqlchat.conversation.ConversationMemory.Turn;
import dev.quire.sqlchat.examples.ExampleStore;
import dev.quire.sqlchat.grammar.SchemaGrammar;
import dev.quire.sqlchat.prompt.SqlPrompt;
import dev.quire.sqlchat.prompt.SqlPrompt.FailedAttempt;
import dev.quire.sqlchat.query.QueryResult;
import dev.quire.sqlchat.query.QueryRunner;
import dev.quire.sqlchat.query.SqlExtractor;
import dev.quire.sqlchat.query.SqlValidator;
import dev.quire.sqlchat.query.ValidationResult;
import dev.quire.sqlchat.schema.DatabaseSchema;
import dev.quire.sqlchat.schema.SchemaCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Answers one question about one database: prompt with the schema (and similar stored examples
 * and the conversation so far), generate, extract, validate, optionally execute; a failed
 * validation or execution is fed back to the model for another attempt, up to
 * {@code quire.sql.max-attempts}. When every attempt fails, the reply says it cannot answer and
 * why, and nothing that did not validate has run.
 */
@ApplicationScoped
public class SqlAssistant {

    /** Prefix of the reply's error when no attempt produced an acceptable query. */
    public static final String CANNOT_ANSWER = "cannot answer this question: ";

    private final SqlChatConfig config;
    private final SchemaCatalog schemas;
    private final SqlPrompt prompt;
    private final TextGenerationClient model;
    private final QueryRunner runner;
    private final ExampleStore examples;
    private final ConversationMemory conversations;
    private final SqlValidator validator = new SqlValidator();

    @Inject
    public SqlAssistant(SqlChatConfig config, SchemaCatalog schemas, SqlPrompt prompt, TextGenerationClient model, QueryRunner runner,
            ExampleStore examples, ConversationMemory conversations) {
        this.config = config;
        this.schemas = schemas;
        this.prompt = prompt;
        this.model = model;
        this.runner = runner;
        this.examples = examples;
        this.conversations = conversations;
    }

    public SqlReply answer(SqlRequest request, Instant deadline) {
        return answer(request, deadline, Optional.empty());
    }

    /**
     * @param sqlPieces when present, receives the model's text as it is generated (every attempt;
     *                  a retry starts with an SQL comment saying why), for streaming to the user
     */
    public SqlReply answer(SqlRequest request, Instant deadline, Optional<Consumer<String>> sqlPieces) {
        String question = checkedQuestion(request.getQuestion());
        DatabaseSchema schema = schemas.schema(request.getDatabase());
        if (schema.tables().isEmpty()) {
            throw new QuireException.InvalidRequest(SchemaCatalog.noTablesMessage(schema));
        }
        Optional<String> grammar = config.useGrammar() ? Optional.of(SchemaGrammar.of(schema)) : Optional.empty();
        String conversation = request.getConversationId().strip();
        SqlPrompt.Input input = new SqlPrompt.Input(question,
                examples.mostSimilar(request.getDatabase(), question, config.fewShotExamples()),
                conversation.isEmpty() ? List.of() : conversations.turns(conversation), Optional.empty());
        Set<String> warnings = new LinkedHashSet<>();
        SqlReply.Builder reply = SqlReply.newBuilder();
        for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
            if (attempt > 1 && sqlPieces.isPresent()) {
                sqlPieces.get().accept("\n-- retrying: " + reply.getError().replace('\n', ' ') + "\n");
            }
            String sql = generate(schema, input, grammar, deadline, warnings, sqlPieces);
            reply = SqlReply.newBuilder().setSql(sql).setAttempts(attempt);
            ValidationResult verdict = validator.validate(sql, schema);
            if (!verdict.valid()) {
                reply.setValid(false).setError(verdict.errorMessage());
                input = input.withPrevious(Optional.of(new FailedAttempt(sql, verdict.errorMessage())));
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
            input = input.withPrevious(Optional.of(new FailedAttempt(sql, executionError.get())));
        }
        if (!reply.getError().isEmpty()) {
            reply.setError(CANNOT_ANSWER + reply.getError() + " (after " + reply.getAttempts() + " attempt"
                    + (reply.getAttempts() == 1 ? "" : "s") + ")");
        } else if (!conversation.isEmpty()) {
            conversations.remember(conversation, new Turn(question, reply.getSql()));
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

    private String generate(DatabaseSchema schema, SqlPrompt.Input input, Optional<String> grammar, Instant deadline, Set<String> warnings,
            Optional<Consumer<String>> sqlPieces) {
        SqlPrompt.Rendered rendered = prompt.build(schema, input);
        warnings.addAll(rendered.warnings());
        GenerationRequest request = GenerationRequest.greedy(rendered.text(), config.maxTokens(), deadline);
        if (grammar.isPresent()) {
            request = request.withGrammar(grammar.get());
        }
        GenerationResult result;
        try {
            result = sqlPieces.isPresent() ? model.generateStreaming(request, sqlPieces.get()) : model.generate(request);
        } catch (PromptTooLongException tooLong) {
            // Say it in terms the user controls: the question; the instructions and schema excerpt are ours.
            throw new QuireException.InvalidRequest("the prompt for this question (" + input.question().length() + " characters) and the "
                    + "schema it needs has " + tooLong.promptTokens() + " tokens, but the model's context holds " + tooLong.contextTokens()
                    + " tokens (prompt and answer together): ask a shorter question, or serve a model with a larger context");
        }
        warnings.addAll(result.warnings());
        return SqlExtractor.extract(result.text());
    }

    /** Runs the query and fills the reply's rows; returns the database's complaint if it rejected the query. */
    private Optional<String> execute(String database, ValidationResult verdict, Instant deadline, SqlReply.Builder reply) {
        try {
            QueryResult result = runner.run(database, verdict.query().orElseThrow(), deadline);
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
