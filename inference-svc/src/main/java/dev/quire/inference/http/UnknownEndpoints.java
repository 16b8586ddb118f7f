package dev.quire.inference.http;

import java.util.Map;
import java.util.regex.Pattern;

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

    private static final Pattern POST_ENDPOINTS = Pattern.compile("/v2/repository/index|/v2/models/[^/]+(/versions/[^/]+)?/(infer|generate|generate_stream)");
    private static final String ENDPOINTS = "the KServe v2 endpoints are GET /v2, /v2/health/live, /v2/health/ready, /v2/models/stats, "
            + "/v2/models/{model}[/versions/{v}][/ready|/config|/stats]; POST /v2/repository/index, "
            + "/v2/models/{model}[/versions/{v}]/infer|generate|generate_stream";

    /** Runs only when no other route took the request: REST resources, health and the body guards come first. */
    void install(@Observes Router router) {
        router.route().last().handler(context -> context.response().setStatusCode(404)
                .putHeader(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON)
                .end(new JsonObject().put("error", "no endpoint " + describe(context.request()) + "; " + ENDPOINTS).encode()));
    }

    /** RESTEasy Reactive's exception carries no Allow list; on this surface a path takes POST or GET, never both. */
    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, HttpServerRequest request) {
        String allowed = POST_ENDPOINTS.matcher(request.path()).matches() ? "POST" : "GET";
        return Response.status(405).allow(allowed).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", describe(request) + " is not allowed; " + request.path() + " takes " + allowed)).build();
    }

    private static String describe(HttpServerRequest request) {
        return request.method().name() + " " + request.path();
    }
}
