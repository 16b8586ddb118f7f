package dev.quire.gateway.api;

import java.util.regex.Pattern;

import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.quire.common.QuireException;
import dev.quire.common.http.ContentDecoding;
import dev.quire.common.http.RequestBodyLimit;
import dev.quire.common.http.WrongMethod;
import dev.quire.gateway.api.ApiTypes.ErrorBody;
import dev.quire.gateway.api.ApiTypes.ErrorDetail;
import dev.quire.proto.events.Failure;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one place where failures become HTTP statuses and the JSON {error: {code, message}} body. */
public class ErrorMapper {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);
    /** GET takes the database listing and schemas; every other path of the API takes POST. */
    private static final WrongMethod WRONG_METHOD = new WrongMethod(Pattern.compile("/v1/(sql|commit)/.*|/v1/databases/[^/]+/(schema/refresh|examples)"));

    @ServerExceptionMapper
    public Response quire(QuireException e) {
        return json(status(e.code()), e.code().name(), e.getMessage());
    }

    /** More specific than quire(QuireException), which would answer these 400. */
    @ServerExceptionMapper
    public Response tooLarge(RequestBodyLimit.TooLarge e) {
        return json(413, codeFor(413), e.getMessage());
    }

    @ServerExceptionMapper
    public Response unsupportedEncoding(ContentDecoding.Unsupported e) {
        return json(415, codeFor(415), e.getMessage());
    }

    @ServerExceptionMapper
    public Response refused(SqlRefusedException e) {
        return Response.status(400).type(MediaType.APPLICATION_JSON)
                .entity(new ApiTypes.SqlRefusalBody(new ErrorDetail(e.code().name(), e.getMessage()), e.readOnly(), e.errors()))
                .build();
    }

    /** A JSON value of the wrong type; Quarkus's own mapper would answer 400 with an empty body. */
    @ServerExceptionMapper
    public Response wrongJsonType(MismatchedInputException e) {
        return json(400, Failure.Code.INVALID_ARGUMENT.name(), JsonInputErrors.wrongType(e));
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, HttpServerRequest request) {
        return Response.status(405).allow(WRONG_METHOD.allowed(request)).type(MediaType.APPLICATION_JSON)
                .entity(new ErrorBody(new ErrorDetail(codeFor(405), WRONG_METHOD.message(request)))).build();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, HttpHeaders headers) {
        // A body that went past the size limit while Jackson read it comes wrapped in Jackson's and Quarkus' 400.
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestBodyLimit.TooLarge tooLarge) {
                return tooLarge(tooLarge);
            }
        }
        int status = e.getResponse().getStatus();
        String message = e.getMessage() == null ? Response.Status.fromStatusCode(status).getReasonPhrase() : e.getMessage();
        // Quarkus wraps broken JSON in a bare "HTTP 400 Bad Request"; the reason is in the cause.
        if (e.getCause() instanceof StreamReadException unreadable) {
            message = JsonInputErrors.unreadable(unreadable);
        } else if (e.getCause() instanceof MismatchedInputException mismatched) {
            message = JsonInputErrors.wrongType(mismatched);
        } else if (e.getCause() instanceof JsonMappingException unmappable) {
            message = JsonInputErrors.unmappable(unmappable);
        } else if (status == 415) {
            String sent = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
            message = "this endpoint takes a JSON body: send the header Content-Type: application/json"
                    + (sent == null || sent.isBlank() ? "" : " (the request's was " + sent + ")");
        }
        return json(status, codeFor(status), message);
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("Unexpected failure while serving a request", e);
        return json(500, Failure.Code.INTERNAL.name(), "internal error: " + e.getMessage());
    }

    static int status(Failure.Code code) {
        return switch (code) {
            case INVALID_ARGUMENT -> 400;
            case NOT_FOUND -> 404;
            case DEADLINE_EXCEEDED -> 504;
            case UNAVAILABLE -> 503;
            default -> 500;
        };
    }

    static String codeFor(int status) {
        return switch (status) {
            case 400 -> Failure.Code.INVALID_ARGUMENT.name();
            case 404 -> Failure.Code.NOT_FOUND.name();
            case 405 -> "METHOD_NOT_ALLOWED";
            case 413 -> "PAYLOAD_TOO_LARGE";
            case 415 -> "UNSUPPORTED_MEDIA_TYPE";
            default -> "HTTP_" + status;
        };
    }

    private static Response json(int status, String code, String message) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .entity(new ErrorBody(new ErrorDetail(code, message)))
                .build();
    }
}
