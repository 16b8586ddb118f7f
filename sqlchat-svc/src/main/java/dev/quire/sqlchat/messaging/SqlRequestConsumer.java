package dev.quire.sqlchat.messaging;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import dev.quire.common.QuireException;
import dev.quire.common.messaging.DomainRequestProcessor;
import dev.quire.common.messaging.Envelopes;
import dev.quire.proto.events.Envelope;
import dev.quire.sqlchat.DatabaseDirectory;
import dev.quire.sqlchat.SchemaDescriptions;
import dev.quire.sqlchat.SqlAssistant;
import dev.quire.sqlchat.SqlConsole;
import dev.quire.sqlchat.config.SqlChatConfig;
import dev.quire.sqlchat.examples.ExampleIntake;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Kafka door of the SQL assistant: requests from {@code sql-requests}, replies to {@code replies}. */
@ApplicationScoped
public class SqlRequestConsumer {

    private final DomainRequestProcessor processor;
    private final Emitter<byte[]> replies;
    private final SqlAssistant assistant;
    private final DatabaseDirectory directory;
    private final SqlConsole console;
    private final SchemaDescriptions descriptions;
    private final ExampleIntake examples;
    private final SqlChatConfig config;
    private final Clock clock;

    @Inject
    public SqlRequestConsumer(@Channel("replies") Emitter<byte[]> replies, Clock clock, SqlAssistant assistant,
            DatabaseDirectory directory, SqlConsole console, SchemaDescriptions descriptions, ExampleIntake examples, SqlChatConfig config) {
        this.examples = examples;
        this.console = console;
        this.descriptions = descriptions;
        this.processor = new DomainRequestProcessor(replies, clock);
        this.replies = replies;
        this.assistant = assistant;
        this.directory = directory;
        this.config = config;
        this.clock = clock;
    }

    @Incoming("sql-requests")
    @Blocking(ordered = false)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> onRequest(Message<byte[]> message) {
        return processor.process(message, this::handle);
    }

    private Envelope.Builder handle(Envelope request) {
        return switch (request.getBodyCase()) {
            case SQL_REQUEST -> Envelopes.replyTo(request).setSqlReply(answer(request));
            case LIST_DATABASES -> Envelopes.replyTo(request).setDatabaseList(directory.list());
            case SQL_VALIDATE -> Envelopes.replyTo(request).setSqlValidation(
                    console.validate(request.getSqlValidate().getDatabase(), request.getSqlValidate().getSql()));
            case SQL_EXECUTE -> Envelopes.replyTo(request).setSqlExecution(
                    console.execute(request.getSqlExecute().getDatabase(), request.getSqlExecute().getSql(), deadline(request)));
            case SCHEMA_REQUEST -> Envelopes.replyTo(request).setSchemaDescription(
                    descriptions.describe(request.getSchemaRequest().getDatabase(), request.getSchemaRequest().getRefresh()));
            case SAVE_SQL_EXAMPLES -> Envelopes.replyTo(request).setSqlExamplesSaved(examples.save(request.getSaveSqlExamples()));
            default -> throw new QuireException.InvalidRequest("the envelope carries " + request.getBodyCase()
                    + ", expected sql_request, list_databases, sql_validate, sql_execute, schema_request or save_sql_examples");
        };
    }

    /** A streaming request gets Chunk envelopes while the SQL is generated, then the reply as usual. */
    private dev.quire.proto.events.SqlReply answer(Envelope request) {
        if (!request.getSqlRequest().getStream()) {
            return assistant.answer(request.getSqlRequest(), deadline(request));
        }
        ChunkPublisher chunks = new ChunkPublisher(replies, request);
        try {
            return assistant.answer(request.getSqlRequest(), deadline(request), Optional.of(chunks));
        } finally {
            chunks.finish();
        }
    }

    /** An envelope without a deadline gets the configured default time from now. */
    private Instant deadline(Envelope request) {
        return request.getDeadlineEpochMs() > 0
                ? Instant.ofEpochMilli(request.getDeadlineEpochMs())
                : clock.instant().plus(config.defaultTimeout());
    }
}
