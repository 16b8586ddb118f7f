package dev.quire.inference.http;

import java.util.Map;
import java.util.regex.Pattern;

import dev.quire.common.http.WrongMethod;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A path that is no endpoint, or a method its endpoint does not take, gets Triton's
 * {@code {"error": ...}} body saying which, like every other failure on port 8000, instead of
 * Vert.x's HTML page or an empty 405 that a client cannot show its user.
 */
@ApplicationScoped
public class UnknownEndpoints {

    private static final WrongMethod WRONG_METHOD = new WrongMethod(
            Pattern.compile("/v2/repository/index|/v2/models/[^/]+(/versions/[^/]+)?/(infer|generate|generate_stream)"));
    private static final String ENDPOINTS = "the KServe v2 endpoints are GET /v2, /v2/health/live, /v2/health/ready, /v2/models/stats, "
            + "/v2/models/{model}[/versions/{v}][/ready|/config|/stats]; POST /v2/repository/index, "
            + "/v2/models/{model}[/versions/{v}]/infer|generate|generate_stream";

    /** Runs only when no other route took the request: REST resources, health and the body guards come first. */
    void install(@Observes Router router) {
        router.route().last().handler(context -> context.response().setStatusCode(404)
                .putHeader(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON)
                .end(new JsonObject().put("error", "no endpoint " + WrongMethod.describe(context.request()) + "; " + ENDPOINTS).encode()));
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, HttpServerRequest request) {
        return Response.status(405).allow(WRONG_METHOD.allowed(request)).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", WRONG_METHOD.message(request))).build();
    }
}
