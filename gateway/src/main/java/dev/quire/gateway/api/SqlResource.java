package dev.quire.gateway.api;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.quire.common.QuireException;
import dev.quire.gateway.GatewayConfig;
import dev.quire.gateway.api.ApiTypes.SqlGenerateRequest;
import dev.quire.gateway.api.ApiTypes.SqlError;
import dev.quire.gateway.api.ApiTypes.SqlExecuteResponse;
import dev.quire.gateway.api.ApiTypes.SqlGenerateResponse;
import dev.quire.gateway.api.ApiTypes.SqlTextRequest;
import dev.quire.gateway.api.ApiTypes.SqlValidateResponse;
import dev.quire.gateway.mesh.MeshClient;
import dev.quire.proto.events.Envelope;
import dev.quire.proto.events.Row;
import dev.quire.proto.events.SqlReply;
import dev.quire.proto.events.SqlExecuteRequest;
import dev.quire.proto.events.SqlExecution;
import dev.quire.proto.events.SqlRequest;
import dev.quire.proto.events.SqlValidateRequest;
import dev.quire.proto.events.SqlValidation;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The SQL assistant's public endpoints; the work happens in sqlchat-svc, reached through Kafka. */
@Path("/v1/sql")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class SqlResource {

    @Inject
    MeshClient mesh;

    @Inject
    RequestTimeouts timeouts;

    @Inject
    GatewayConfig config;

    @Inject
    ObjectMapper json;

    /**
     * JSON by default; server-sent events (chunks of the SQL as it is generated, then the result)
     * when the client accepts {@code text/event-stream} or the body says {@code stream: true}.
     */
    @POST
    @Path("/generate")
    @Produces({ MediaType.APPLICATION_JSON, MediaType.SERVER_SENT_EVENTS })
    public Response generate(SqlGenerateRequest body, @HeaderParam("X-Quire-Tenant") String tenant,
            @HeaderParam("Accept") String accept) {
        if (body == null) {
            throw new QuireException.InvalidRequest("a JSON body {database, question} is required");
        }
        String database = required(body.database(), "database");
        String question = required(body.question(), "question");
        if (question.length() > config.maxQuestionLength()) {
            throw new QuireException.InvalidRequest("question is " + question.length() + " characters; the limit is "
                    + config.maxQuestionLength());
        }
        SqlRequest.Builder request = SqlRequest.newBuilder()
                .setDatabase(database)
                .setQuestion(question)
                .setExecute(Boolean.TRUE.equals(body.execute()));
        if (body.conversationId() != null) {
            request.setConversationId(body.conversationId());
        }
        boolean stream = Boolean.TRUE.equals(body.stream()) || (accept != null && accept.contains(MediaType.SERVER_SENT_EVENTS));
        request.setStream(stream);
        Envelope.Builder envelope = Envelope.newBuilder().setTenant(Tenants.orDefault(tenant, config)).setSqlRequest(request);
        Duration timeout = timeouts.of(body.timeoutMs());
        if (!stream) {
            return Response.ok(generated(mesh.call(MeshClient.Route.SQL, envelope, timeout)), MediaType.APPLICATION_JSON).build();
        }
        SqlEventStream events = new SqlEventStream(json,
                chunks -> generated(mesh.stream(MeshClient.Route.SQL, envelope, timeout, chunks)));
        return Response.ok(events, MediaType.SERVER_SENT_EVENTS).header("Cache-Control", "no-cache").build();
    }

    private static SqlGenerateResponse generated(Envelope reply) {
        if (!reply.hasSqlReply()) {
            throw new IllegalStateException("sqlchat-svc answered request " + reply.getRequestId() + " without a SQL reply");
        }
        return toResponse(reply.getRequestId(), reply.getSqlReply());
    }

    @POST
    @Path("/validate")
    public SqlValidateResponse validate(SqlTextRequest body, @HeaderParam("X-Quire-Tenant") String tenant) {
        SqlTextRequest checked = checkedSql(body);
        Envelope reply = mesh.call(MeshClient.Route.SQL, Envelope.newBuilder().setTenant(Tenants.orDefault(tenant, config))
                .setSqlValidate(SqlValidateRequest.newBuilder().setDatabase(checked.database()).setSql(checked.sql())),
                timeouts.of(body.timeoutMs()));
        if (!reply.hasSqlValidation()) {
            throw new IllegalStateException("sqlchat-svc answered request " + reply.getRequestId() + " without a validation");
        }
        SqlValidation verdict = reply.getSqlValidation();
        return new SqlValidateResponse(reply.getRequestId(), verdict.getValid(), verdict.getReadOnly(), errors(verdict));
    }

    /** Validated first by sqlchat-svc; refused SQL never runs and comes back as 400 with every reason. */
    @POST
    @Path("/execute")
    public SqlExecuteResponse execute(SqlTextRequest body, @HeaderParam("X-Quire-Tenant") String tenant) {
        SqlTextRequest checked = checkedSql(body);
        Envelope reply = mesh.call(MeshClient.Route.SQL, Envelope.newBuilder().setTenant(Tenants.orDefault(tenant, config))
                .setSqlExecute(SqlExecuteRequest.newBuilder().setDatabase(checked.database()).setSql(checked.sql())),
                timeouts.of(body.timeoutMs()));
        if (!reply.hasSqlExecution()) {
            throw new IllegalStateException("sqlchat-svc answered request " + reply.getRequestId() + " without an execution");
        }
        SqlExecution execution = reply.getSqlExecution();
        if (!execution.getValidation().getValid()) {
            throw new SqlRefusedException(execution.getValidation().getReadOnly(), errors(execution.getValidation()));
        }
        return new SqlExecuteResponse(reply.getRequestId(), execution.getColumnsList(),
                execution.getRowsList().stream().<List<String>>map(Row::getValuesList).toList(), execution.getTruncated(),
                execution.getElapsedMs());
    }

    private SqlTextRequest checkedSql(SqlTextRequest body) {
        if (body == null) {
            throw new QuireException.InvalidRequest("a JSON body {database, sql} is required");
        }
        String database = required(body.database(), "database");
        String sql = required(body.sql(), "sql");
        if (sql.length() > config.maxSqlLength()) {
            throw new QuireException.InvalidRequest("sql is " + sql.length() + " characters; the limit is " + config.maxSqlLength());
        }
        return new SqlTextRequest(database, sql, body.timeoutMs());
    }

    private static List<SqlError> errors(SqlValidation verdict) {
        return verdict.getErrorsList().stream()
                .map(e -> new SqlError(e.getMessage(), e.getPosition() > 0 ? e.getPosition() : null)).toList();
    }

    private static SqlGenerateResponse toResponse(String requestId, SqlReply reply) {
        boolean executed = reply.getColumnsCount() > 0;
        List<List<String>> rows = executed ? reply.getRowsList().stream().<List<String>>map(Row::getValuesList).toList() : null;
        return new SqlGenerateResponse(requestId, reply.getSql(), reply.getValid(), reply.getAttempts(),
                executed ? reply.getColumnsList() : null, rows, executed ? reply.getTruncated() : null,
                reply.getError().isEmpty() ? null : reply.getError(), reply.getWarningsList());
    }

    static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new QuireException.InvalidRequest(field + " is required and must not be empty");
        }
        return value.strip();
    }
}
