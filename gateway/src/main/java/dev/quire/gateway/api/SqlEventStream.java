package dev.quire.gateway.api;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.common.QuireException;
import dev.quire.gateway.api.ApiTypes.ErrorBody;
import dev.quire.gateway.api.ApiTypes.ErrorDetail;
import dev.quire.proto.events.Chunk;
import dev.quire.proto.events.Failure;
import jakarta.ws.rs.core.StreamingOutput;
import org.jboss.logging.Logger;

/**
 * The server-sent-events answer of a streamed request: {@code event: chunk} with {@code {text}} for
 * every piece as it arrives, then {@code event: result} with the usual JSON body, or
 * {@code event: error} with {@code {error: {code, message}}}. Each event is flushed at once.
 */
final class SqlEventStream implements StreamingOutput {

    private static final Logger LOG = Logger.getLogger(SqlEventStream.class);

    private final ObjectMapper json;
    private final Function<Consumer<Chunk>, Object> work;

    /** @param work runs the request, handing chunks to the given listener, and returns the result body */
    SqlEventStream(ObjectMapper json, Function<Consumer<Chunk>, Object> work) {
        this.json = json;
        this.work = work;
    }

    @Override
    public void write(OutputStream out) {
        try {
            Object result;
            try {
                result = work.apply(chunk -> send(out, "chunk", Map.of("text", chunk.getText())));
            } catch (QuireException e) {
                send(out, "error", new ErrorBody(new ErrorDetail(e.code().name(), e.getMessage())));
                return;
            } catch (UncheckedIOException e) {
                throw e;
            } catch (RuntimeException e) {
                LOG.error("Unexpected failure while streaming a SQL answer", e);
                send(out, "error", new ErrorBody(new ErrorDetail(Failure.Code.INTERNAL.name(), "internal error: " + e.getMessage())));
                return;
            }
            send(out, "result", result);
        } catch (UncheckedIOException e) {
            // The client went away; nobody is left to tell.
            LOG.debugf("SQL event stream closed by the client: %s", e.getMessage());
        }
    }

    private void send(OutputStream out, String event, Object data) {
        try {
            // JSON has no raw line breaks, so one data line carries the whole value.
            out.write(("event: " + event + "\ndata: " + json.writeValueAsString(data) + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("API bodies always serialise", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
