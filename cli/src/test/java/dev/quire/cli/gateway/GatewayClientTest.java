package dev.quire.cli.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.quire.cli.support.FakeGateway;
import org.junit.jupiter.api.Test;

/** The JSON the CLI sends and reads is the gateway's own contract (ApiTypes.CommitMessageRequest/Response). */
class GatewayClientTest {

    @Test
    void theRequestUsesTheGatewaysFieldNames() {
        GatewayClient client = new GatewayClient(URI.create("http://localhost:8080/"), Optional.empty(), Duration.ofSeconds(3));
        String body = client.body(new SuggestionRequest("diff --git a/x b/x\n", 50, Optional.of("German"), true, 2,
                List.of("lexer: split tokens")));
        assertEquals("{\"diff\":\"diff --git a/x b/x\\n\",\"options\":{\"maxTitleLength\":50,\"language\":\"German\","
                + "\"conventional\":true,\"suggestions\":2,\"history\":[\"lexer: split tokens\"]},\"timeoutMs\":3000}", body);
    }

    @Test
    void anAnswerWithoutSuggestionsStillGivesTheMessage() throws Exception {
        try (FakeGateway gateway = new FakeGateway()) {
            gateway.answering(request -> new FakeGateway.Answer(200,
                    "{\"requestId\":\"r\",\"title\":\"Add x\",\"body\":\"\",\"message\":\"Add x\",\"files\":[],\"warnings\":[]}"));
            SuggestionReply reply = new GatewayClient(gateway.url(), Optional.empty(), Duration.ofSeconds(5))
                    .suggest(new SuggestionRequest("d", 50, Optional.empty(), false, 1, List.of()));
            assertEquals(List.of(new Suggestion("Add x", "", "Add x")), reply.suggestions());
        }
    }

    @Test
    void anErrorBodyBecomesTheMessage() throws Exception {
        try (FakeGateway gateway = new FakeGateway()) {
            gateway.answering(request -> new FakeGateway.Answer(400,
                    "{\"error\":{\"code\":\"INVALID_ARGUMENT\",\"message\":\"diff is 2000000 bytes; the limit is 1000000\"}}"));
            GatewayException e = refusal(gateway);
            assertEquals("the gateway answered HTTP 400 INVALID_ARGUMENT: diff is 2000000 bytes; the limit is 1000000", e.getMessage());
        }
    }

    @Test
    void anErrorWithoutAMessageNamesTheAddressInstead() throws Exception {
        try (FakeGateway gateway = new FakeGateway()) {
            gateway.answering(request -> new FakeGateway.Answer(404, ""));
            GatewayException e = refusal(gateway);
            assertTrue(e.getMessage().startsWith("the gateway at " + gateway.url()) && e.getMessage().contains("HTTP 404 without an error message"),
                    e.getMessage());
        }
    }

    @Test
    void aNonJsonAnswerIsNamed() throws Exception {
        try (FakeGateway gateway = new FakeGateway()) {
            gateway.answering(request -> new FakeGateway.Answer(502, "<html>bad gateway</html>"));
            GatewayException e = refusal(gateway);
            assertTrue(e.getMessage().contains("HTTP 502 with a body that is not JSON"), e.getMessage());
        }
    }

    /** What a suggestion request to {@code gateway} fails with. */
    private static GatewayException refusal(FakeGateway gateway) {
        return assertThrows(GatewayException.class, () -> new GatewayClient(gateway.url(), Optional.empty(), Duration.ofSeconds(5))
                .suggest(new SuggestionRequest("d", 50, Optional.empty(), false, 1, List.of())));
    }
}
