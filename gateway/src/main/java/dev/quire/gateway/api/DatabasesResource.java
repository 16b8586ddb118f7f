package dev.quire.gateway.api;

import dev.quire.common.QuireException;
import dev.quire.gateway.GatewayConfig;
import dev.quire.gateway.api.ApiTypes.ColumnDescription;
import dev.quire.gateway.api.ApiTypes.DatabaseListResponse;
import dev.quire.gateway.api.ApiTypes.DatabaseSummary;
import dev.quire.gateway.api.ApiTypes.ForeignKeyDescription;
import dev.quire.gateway.api.ApiTypes.SchemaResponse;
import dev.quire.gateway.api.ApiTypes.SqlExamplesRequest;
import dev.quire.gateway.api.ApiTypes.SqlExamplesResponse;
import dev.quire.gateway.api.ApiTypes.TableDescription;
import dev.quire.gateway.mesh.MeshClient;
import dev.quire.proto.events.Envelope;
import dev.quire.proto.events.ListDatabasesRequest;
import dev.quire.proto.events.SaveSqlExamplesRequest;
import dev.quire.proto.events.SchemaDescription;
import dev.quire.proto.events.SchemaRequest;
import dev.quire.proto.events.SqlExample;
import dev.quire.proto.events.SqlTableInfo;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Which databases the SQL assistant knows, their schemas and stored examples, as sqlchat-svc reports them. */
@Path("/v1/databases")
@Produces(MediaType.APPLICATION_JSON)
public class DatabasesResource {

    @Inject
    MeshClient mesh;

    @Inject
    GatewayConfig config;

    @GET
    public DatabaseListResponse list(@HeaderParam("X-Quire-Tenant") String tenant) {
        Envelope reply = mesh.call(MeshClient.Route.SQL,
                Envelope.newBuilder().setTenant(Tenants.orDefault(tenant, config))
                        .setListDatabases(ListDatabasesRequest.getDefaultInstance()),
                config.requestTimeout());
        if (!reply.hasDatabaseList()) {
            throw new IllegalStateException("sqlchat-svc answered request " + reply.getRequestId() + " without a database list");
        }
        return new DatabaseListResponse(reply.getDatabaseList().getDatabasesList().stream()
                .map(d -> new DatabaseSummary(d.getName(), d.getDialect(), d.getProblem().isEmpty() ? null : d.getProblem()))
                .toList());
    }

    /** The cached catalog; {@code ?refresh=true} reads it from the database again. Unknown name: 404. */
    @GET
    @Path("/{name}/schema")
    public SchemaResponse schema(@PathParam("name") String name, @QueryParam("refresh") boolean refresh,
            @HeaderParam("X-Quire-Tenant") String tenant) {
        return describe(name, refresh, tenant);
    }

    @POST
    @Path("/{name}/schema/refresh")
    public SchemaResponse refresh(@PathParam("name") String name, @HeaderParam("X-Quire-Tenant") String tenant) {
        return describe(name, true, tenant);
    }

    /** Stores question-to-SQL pairs used as worked examples in later prompts; each SQL must validate. */
    @POST
    @Path("/{name}/examples")
    @Consumes(MediaType.APPLICATION_JSON)
    public SqlExamplesResponse examples(@PathParam("name") String name, SqlExamplesRequest body,
            @HeaderParam("X-Quire-Tenant") String tenant) {
        if (body == null || body.examples() == null || body.examples().isEmpty()) {
            throw new QuireException.InvalidRequest("a JSON body {examples: [{question, sql}, ...]} with at least one pair is required");
        }
        if (body.examples().size() > config.maxExamplesPerRequest()) {
            throw new QuireException.InvalidRequest("examples has " + body.examples().size() + " pairs; the limit is "
                    + config.maxExamplesPerRequest() + " per request");
        }
        SaveSqlExamplesRequest.Builder request = SaveSqlExamplesRequest.newBuilder().setDatabase(SqlResource.required(name, "name"));
        for (int i = 0; i < body.examples().size(); i++) {
            var pair = body.examples().get(i);
            if (pair == null) {
                throw new QuireException.InvalidRequest("examples[" + i + "] is null");
            }
            String question = SqlResource.required(pair.question(), "examples[" + i + "].question");
            String sql = SqlResource.required(pair.sql(), "examples[" + i + "].sql");
            if (question.length() > config.maxQuestionLength()) {
                throw new QuireException.InvalidRequest("examples[" + i + "].question is " + question.length()
                        + " characters; the limit is " + config.maxQuestionLength());
            }
            if (sql.length() > config.maxSqlLength()) {
                throw new QuireException.InvalidRequest("examples[" + i + "].sql is " + sql.length() + " characters; the limit is "
                        + config.maxSqlLength());
            }
            request.addExamples(SqlExample.newBuilder().setQuestion(question).setSql(sql));
        }
        Envelope reply = mesh.call(MeshClient.Route.SQL, Envelope.newBuilder().setTenant(Tenants.orDefault(tenant, config))
                .setSaveSqlExamples(request), config.requestTimeout());
        if (!reply.hasSqlExamplesSaved()) {
            throw new IllegalStateException("sqlchat-svc answered request " + reply.getRequestId() + " without a save confirmation");
        }
        return new SqlExamplesResponse(reply.getSqlExamplesSaved().getSaved(), reply.getSqlExamplesSaved().getTotal());
    }

    private SchemaResponse describe(String name, boolean refresh, String tenant) {
        Envelope reply = mesh.call(MeshClient.Route.SQL, Envelope.newBuilder().setTenant(Tenants.orDefault(tenant, config))
                .setSchemaRequest(SchemaRequest.newBuilder().setDatabase(SqlResource.required(name, "name")).setRefresh(refresh)),
                config.requestTimeout());
        if (!reply.hasSchemaDescription()) {
            throw new IllegalStateException("sqlchat-svc answered request " + reply.getRequestId() + " without a schema");
        }
        SchemaDescription schema = reply.getSchemaDescription();
        return new SchemaResponse(schema.getDatabase(), schema.getDialect(), schema.getDialectVersion(),
                emptyToNull(schema.getSchemaName()), schema.getTablesList().stream().map(DatabasesResource::table).toList(),
                emptyToNull(schema.getNote()));
    }

    private static TableDescription table(SqlTableInfo t) {
        return new TableDescription(t.getName(), t.getView(), emptyToNull(t.getComment()),
                t.getColumnsList().stream().map(c -> new ColumnDescription(c.getName(), c.getType(), c.getNullable(),
                        emptyToNull(c.getComment()), c.getSampleValuesCount() == 0 ? null : c.getSampleValuesList())).toList(),
                t.getPrimaryKeyList(),
                t.getForeignKeysList().stream().map(k -> new ForeignKeyDescription(k.getColumnsList(), k.getReferencedTable(),
                        k.getReferencedColumnsList())).toList());
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}
