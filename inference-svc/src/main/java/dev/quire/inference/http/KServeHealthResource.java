package dev.quire.inference.http;

import dev.quire.inference.model.ServedModel;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/** KServe v2 HTTP health: 200 when live / ready, 503 while the model is not loaded. */
@Path("/v2/health")
public class KServeHealthResource {

    @Inject
    ServedModel served;

    @GET
    @Path("/live")
    public Response live() {
        return Response.ok().build();
    }

    @GET
    @Path("/ready")
    public Response ready() {
        return served.isReady() ? Response.ok().build() : Response.status(Response.Status.SERVICE_UNAVAILABLE).build();
    }
}
