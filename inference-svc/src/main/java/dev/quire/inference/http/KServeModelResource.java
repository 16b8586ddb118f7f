package dev.quire.inference.http;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import dev.quire.common.QuireException;
import dev.quire.common.inference.InferenceParameters;
import dev.quire.common.inference.TextTensors;
import dev.quire.inference.grpc.ModelAdmin;
import dev.quire.inference.grpc.TextInference;
import dev.quire.inference.model.EmbeddingJob;
import dev.quire.inference.model.LoadedModel;
import dev.quire.inference.model.ServedModel;
import dev.quire.inference.proto.RepositoryIndexResponse;
import dev.quire.proto.inference.ModelInferRequest;
import dev.quire.proto.inference.ModelInferResponse;
import dev.quire.proto.inference.ModelStreamInferResponse;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.multi.processors.UnicastProcessor;
import io.vertx.core.http.HttpServerResponse;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * KServe v2 / Triton REST on port 8000: server and model metadata, readiness, config, statistics,
 * inference (JSON and Triton's binary tensor data), and Triton's generate / generate_stream
 * (server-sent events) extension. Requests go through the same scheduler as gRPC ones.
 */
@Path("/v2")
@Produces(MediaType.APPLICATION_JSON)
public class KServeModelResource {

    /**
     * KServe v2's optional version segment, {@code /v2/models/{m}[/versions/{v}]/...}: empty, or
     * {@code /versions/1}. Triton's clients add it whenever a model version is set.
     */
    private static final String VERSION = "{version:(/versions/[^/]+)?}";
    private static final String VERSION_PREFIX = "/versions/";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFormat.Printer PROTO_JSON = JsonFormat.printer().preservingProtoFieldNames().omittingInsignificantWhitespace();

    @Inject
    ServedModel served;

    @Inject
    ModelAdmin admin;

    @Inject
    TextInference inference;

    @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown")
    String version;

    @GET
    public Map<String, Object> server() {
        return Map.of("name", "quire", "version", version, "extensions", List.of("parameters", "binary_tensor_data", "generate", "statistics",
                "model_configuration", "quire_grammar", "quire_json_schema"));
    }

    @GET
    @Path("/models/{model}" + VERSION)
    public Response metadata(@PathParam("model") String model, @PathParam("version") String version) {
        try {
            requireServedVersion(model, version);
            LoadedModel m = served.require(model);
            Map<String, Object> text = Map.of("name", m.inputName(), "datatype", TextTensors.BYTES, "shape", List.of(m.embeds() ? -1 : 1));
            Map<String, Object> out = m.embeds()
                    ? Map.of("name", EmbeddingJob.OUTPUT, "datatype", "FP32", "shape", List.of(-1, m.embedder().dimension()))
                    : Map.of("name", TextTensors.TEXT_OUTPUT, "datatype", TextTensors.BYTES, "shape", List.of(1));
            return Response.ok(Map.of("name", m.name(), "versions", List.of(ModelAdmin.MODEL_VERSION), "platform", m.loaded().platform(),
                    "inputs", List.of(text), "outputs", List.of(out))).build();
        } catch (QuireException e) {
            return HttpErrors.toResponse(e);
        }
    }

    /** 200 when ready; otherwise 404 (unknown) or 400 with the reason (loading, malformed config, failed load). */
    @GET
    @Path("/models/{model}" + VERSION + "/ready")
    public Response ready(@PathParam("model") String model, @PathParam("version") String version) {
        try {
            requireServedVersion(model, version);
        } catch (QuireException e) {
            return HttpErrors.toResponse(e);
        }
        return served.notReadyReason(model)
                .map(reason -> Response.status(400).entity(Map.of("error", "model '" + model + "' is not ready: " + reason)).build())
                .orElseGet(() -> Response.ok().build());
    }

    @GET
    @Path("/models/{model}" + VERSION + "/config")
    public Response config(@PathParam("model") String model, @PathParam("version") String version) {
        try {
            requireServedVersion(model, version);
            return json(admin.config(model));
        } catch (QuireException e) {
            return HttpErrors.toResponse(e);
        }
    }

    @GET
    @Path("/models/{model}" + VERSION + "/stats")
    public Response stats(@PathParam("model") String model, @PathParam("version") String version) {
        try {
            requireServedVersion(model, version);
            return json(admin.statistics(model));
        } catch (QuireException e) {
            return HttpErrors.toResponse(e);
        }
    }

    @GET
    @Path("/models/stats")
    public Response allStats() {
        return json(admin.statistics(""));
    }

    /**
     * Triton's repository index (its model repository extension, without load and unload): every
     * model of the repository with its state and, when not ready, why; only the ready ones with
     * {@code {"ready": true}}. Triton's HTTP clients send an empty body.
     */
    @POST
    @Path("/repository/index")
    @Consumes(MediaType.WILDCARD)
    public Response repositoryIndex(String body) {
        boolean readyOnly;
        try {
            readyOnly = readyOnly(body);
        } catch (QuireException e) {
            return HttpErrors.toResponse(e);
        }
        return Response.ok(admin.index(readyOnly).getModelsList().stream()
                .map(IndexEntry::of)
                .toList()).build();
    }

    /** One entry of Triton's HTTP repository index, its fields in Triton's order. */
    record IndexEntry(String name, String version, String state, String reason) {
        static IndexEntry of(RepositoryIndexResponse.ModelIndex model) {
            return new IndexEntry(model.getName(), model.getVersion(), model.getState(), model.getReason());
        }
    }

    private static boolean readyOnly(String body) {
        if (body == null || body.isBlank()) {
            return false;
        }
        JsonNode request = parse(body);
        if (!request.isObject()) {
            throw new QuireException.InvalidRequest("the repository index request must be a JSON object such as {\"ready\": true}, got " + request);
        }
        JsonNode ready = request.get("ready");
        if (ready != null && !ready.isBoolean()) {
            throw new QuireException.InvalidRequest("'ready' must be true or false, got " + ready);
        }
        return ready != null && ready.booleanValue();
    }

    /**
     * JSON, or Triton's binary tensor data: the JSON object followed by tensor bytes, its length in
     * the header {@value InferHttpBody#HEADER_LENGTH}. When any output is asked for as binary, the
     * answer has the same form (application/octet-stream and that header); otherwise it is JSON.
     */
    @POST
    @Path("/models/{model}" + VERSION + "/infer")
    @Produces({MediaType.APPLICATION_JSON, MediaType.APPLICATION_OCTET_STREAM})
    @Blocking
    public Uni<Response> infer(@PathParam("model") String model, @PathParam("version") String version,
                               @HeaderParam(InferHttpBody.HEADER_LENGTH) String headerLength, HttpServerResponse connection, byte[] body) {
        ModelInferRequest request;
        try {
            requireServedVersion(model, version);
            request = JsonInferRequests.infer(model, InferHttpBody.read(body, headerLength));
        } catch (RuntimeException e) {
            return Uni.createFrom().item(HttpErrors.toResponse(e));
        }
        return submit(() -> request, connection)
                .map(r -> inferResponse(JsonInferResponses.inferResponse(r, request)))
                .onFailure().recoverWithItem(HttpErrors::toResponse);
    }

    private static Response inferResponse(JsonInferResponses.InferResponseBody body) {
        if (!body.hasBinaryOutput()) {
            return Response.ok(body.json(), MediaType.APPLICATION_JSON).build();
        }
        byte[] json;
        try {
            json = MAPPER.writeValueAsBytes(body.json());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a response tree always serialises", e);
        }
        byte[] out = new byte[json.length + body.binary().size()];
        System.arraycopy(json, 0, out, 0, json.length);
        body.binary().copyTo(out, json.length);
        return Response.ok(out, MediaType.APPLICATION_OCTET_STREAM).header(InferHttpBody.HEADER_LENGTH, json.length).build();
    }

    @POST
    @Path("/models/{model}" + VERSION + "/generate")
    @Blocking
    public Uni<Response> generate(@PathParam("model") String model, @PathParam("version") String version,
                                  HttpServerResponse connection, String body) {
        return submit(() -> {
            requireServedVersion(model, version);
            return JsonInferRequests.generate(served.require(model), parse(body));
        }, connection)
                .map(r -> Response.ok(JsonInferResponses.generateResponse(r)).build())
                .onFailure().recoverWithItem(HttpErrors::toResponse);
    }

    /**
     * One event per generated piece ({@code text_output} holds the piece), as Triton's
     * generate_stream. A request refused before it is queued (unknown model, bad input, full queue)
     * gets its HTTP status and {@code {"error": ...}} as JSON, as on /generate; a failure after the
     * stream began is sent as a last event {@code {"error": ...}}. A client that disconnects takes
     * its request out of the queue, or stops its generation.
     */
    @POST
    @Path("/models/{model}" + VERSION + "/generate_stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Blocking
    public Multi<String> generateStream(@PathParam("model") String model, @PathParam("version") String version,
                                        HttpServerResponse connection, String body) {
        // Pieces may come before Quarkus subscribes: the processor keeps them until it does.
        UnicastProcessor<String> events = UnicastProcessor.create();
        TextInference.Submission<Void> submission;
        try {
            requireServedVersion(model, version);
            ModelInferRequest request = JsonInferRequests.generate(served.require(model), parse(body));
            submission = inference.stream(request, piece -> event(piece).ifPresent(events::onNext));
        } catch (RuntimeException e) {
            // Thrown before the response began, a WebApplicationException's response is sent as it is.
            throw new WebApplicationException(HttpErrors.toResponse(e));
        }
        ClientDisconnect.onClose(connection, submission.cancel());
        submission.result().whenComplete((done, failure) -> {
            if (failure != null) {
                events.onNext(errorEvent(failure));
            }
            events.onComplete();
        });
        return events.onCancellation().invoke(submission.cancel());
    }

    private static java.util.Optional<String> event(ModelStreamInferResponse piece) {
        ModelInferResponse r = piece.getInferResponse();
        String text = TextTensors.readOutput(r, TextTensors.TEXT_OUTPUT).orElse("");
        boolean last = r.getParametersOrDefault(InferenceParameters.FINAL_RESPONSE, dev.quire.proto.inference.InferParameter.getDefaultInstance()).getBoolParam();
        if (last && text.isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(JsonInferResponses.generateResponse(r).toString());
    }

    private static String errorEvent(Throwable failure) {
        return MAPPER.createObjectNode().put("error", HttpErrors.message(failure)).toString();
    }

    /** A client that goes away takes its request back: through the Uni's cancellation (Quarkus REST) or the connection. */
    private Uni<ModelInferResponse> submit(java.util.function.Supplier<ModelInferRequest> request, HttpServerResponse connection) {
        return Uni.createFrom().item(request).onItem().transformToUni(r -> {
            TextInference.Submission<ModelInferResponse> submission = inference.infer(r);
            ClientDisconnect.onClose(connection, submission.cancel());
            return Uni.createFrom().completionStage(submission.result()).onCancellation().invoke(submission.cancel());
        });
    }

    /**
     * An unknown model is refused before the body is read, so its error (naming the loaded models)
     * does not depend on what the body holds.
     *
     * @param versionPath the matched version segment: empty, or {@code /versions/<v>}
     */
    private void requireServedVersion(String model, String versionPath) {
        served.requireServed(model);
        if (versionPath != null && versionPath.startsWith(VERSION_PREFIX)) {
            ModelAdmin.requireVersion(model, versionPath.substring(VERSION_PREFIX.length()));
        }
    }

    private static JsonNode parse(String body) {
        try {
            return MAPPER.readTree(body == null ? "" : body);
        } catch (java.io.IOException e) {
            throw new QuireException.InvalidRequest(InferHttpBody.notJson(e));
        }
    }

    private static Response json(MessageOrBuilder message) {
        try {
            return Response.ok(PROTO_JSON.print(message), MediaType.APPLICATION_JSON).build();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }
}
