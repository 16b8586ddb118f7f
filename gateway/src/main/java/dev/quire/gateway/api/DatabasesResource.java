package dev.quire.gateway.api;

import dev.quire.gateway.GatewayConfig;
import dev.quire.gateway.api.ApiTypes.DatabaseListResponse;
import dev.quire.gateway.api.ApiTypes.DatabaseSummary;
import dev.quire.gateway.mesh.MeshClient;
import dev.quire.proto.events.Envelope;
import dev.quire.proto.events.ListDatabasesRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Which databases the SQL assistant knows, as sqlchat-svc reports them. */
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
}
