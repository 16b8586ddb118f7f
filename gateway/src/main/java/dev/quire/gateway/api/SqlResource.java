package dev.quire.gateway.api;

import java.util.List;

import dev.quire.common.QuireException;
import dev.quire.gateway.GatewayConfig;
import dev.quire.gateway.api.ApiTypes.SqlGenerateRequest;
import dev.quire.gateway.api.ApiTypes.SqlGenerateResponse;
import dev.quire.gateway.mesh.MeshClient;
import dev.quire.proto.events.Envelope;
import dev.quire.proto.events.Row;
import dev.quire.proto.events.SqlReply;
import dev.quire.proto.events.SqlRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

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

    @POST
    @Path("/generate")
    public SqlGenerateResponse generate(SqlGenerateRequest body, @HeaderParam("X-Quire-Tenant") String tenant) {
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
        Envelope reply = mesh.call(MeshClient.Route.SQL,
                Envelope.newBuilder().setTenant(Tenants.orDefault(tenant, config)).setSqlRequest(request),
                timeouts.of(body.timeoutMs()));
        if (!reply.hasSqlReply()) {
            throw new IllegalStateException("sqlchat-svc answered request " + reply.getRequestId() + " without a SQL reply");
        }
        return toResponse(reply.getRequestId(), reply.getSqlReply());
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
