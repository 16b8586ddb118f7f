package dev.quire.gateway.api;

import java.nio.charset.StandardCharsets;

import dev.quire.common.CommitOptionLimits;
import dev.quire.common.QuireException;
import dev.quire.gateway.GatewayConfig;
import dev.quire.gateway.api.ApiTypes.CommitMessageRequest;
import dev.quire.gateway.api.ApiTypes.CommitMessageResponse;
import dev.quire.gateway.api.ApiTypes.CommitSuggestion;
import dev.quire.gateway.mesh.MeshClient;
import dev.quire.proto.events.CommitOptions;
import dev.quire.proto.events.CommitReply;
import dev.quire.proto.events.CommitRequest;
import dev.quire.proto.events.Envelope;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The commit-message assistant's public endpoint; the work happens in gitcommit-svc, reached through Kafka. */
@Path("/v1/commit")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class CommitResource {

    @Inject
    MeshClient mesh;

    @Inject
    RequestTimeouts timeouts;

    @Inject
    GatewayConfig config;

    @POST
    @Path("/message")
    public CommitMessageResponse message(CommitMessageRequest body, @HeaderParam("X-Quire-Tenant") String tenant) {
        if (body == null) {
            throw new QuireException.InvalidRequest("a JSON body {diff, options?} is required");
        }
        if (body.diff() == null || body.diff().isBlank()) {
            throw new QuireException.InvalidRequest("diff is required and must not be empty (send the output of `git diff --staged`)");
        }
        int bytes = body.diff().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > config.maxDiffBytes()) {
            throw new QuireException.InvalidRequest("diff is " + bytes + " bytes; the limit is " + config.maxDiffBytes());
        }
        CommitRequest.Builder request = CommitRequest.newBuilder().setDiff(body.diff());
        if (body.options() != null) {
            CommitOptions.Builder options = CommitOptions.newBuilder();
            // Title length and language are checked by gitcommit-svc (CommitOptionsResolver). Suggestions and history
            // are checked here as well: proto3 cannot carry a requested 0, and the error names the API's own field.
            if (body.options().maxTitleLength() != null) {
                options.setMaxTitleLength(body.options().maxTitleLength());
            }
            if (body.options().language() != null) {
                options.setLanguage(body.options().language());
            }
            options.setConventional(Boolean.TRUE.equals(body.options().conventional()));
            if (body.options().suggestions() != null) {
                CommitOptionLimits.requireSuggestions(body.options().suggestions());
                options.setSuggestions(body.options().suggestions());
            }
            if (body.options().history() != null) {
                CommitOptionLimits.requireHistory(body.options().history().size());
                options.addAllStyleExamples(body.options().history().stream()
                        .filter(title -> title != null && !title.isBlank()).toList());
            }
            request.setOptions(options);
        }
        Envelope reply = mesh.call(MeshClient.Route.COMMIT,
                Envelope.newBuilder().setTenant(Tenants.orDefault(tenant, config)).setCommitRequest(request),
                timeouts.of(body.timeoutMs()));
        if (!reply.hasCommitReply()) {
            throw new IllegalStateException("gitcommit-svc answered request " + reply.getRequestId() + " without a commit reply");
        }
        CommitReply commit = reply.getCommitReply();
        return new CommitMessageResponse(reply.getRequestId(), commit.getTitle(), commit.getBody(), commit.getMessage(),
                commit.getFilesList(), commit.getWarningsList(), commit.getSuggestionsList().stream()
                        .map(s -> new CommitSuggestion(s.getTitle(), s.getBody(), s.getMessage())).toList());
    }
}
