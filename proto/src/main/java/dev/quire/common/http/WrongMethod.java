package dev.quire.common.http;

import java.util.regex.Pattern;

import io.vertx.core.http.HttpServerRequest;

/**
 * The 405 sentence of both HTTP surfaces. RESTEasy Reactive's NotAllowedException carries no
 * Allow list, and on Quire's APIs a path takes GET or POST, never both: the service says which
 * of its paths are the POST ones, and every other path takes GET.
 */
public final class WrongMethod {

    private final Pattern postPaths;

    public WrongMethod(Pattern postPaths) {
        this.postPaths = postPaths;
    }

    /** The one method {@code request}'s path takes. */
    public String allowed(HttpServerRequest request) {
        return postPaths.matcher(request.path()).matches() ? "POST" : "GET";
    }

    /** "GET /v2/models/llm/infer is not allowed; /v2/models/llm/infer takes POST". */
    public String message(HttpServerRequest request) {
        return describe(request) + " is not allowed; " + request.path() + " takes " + allowed(request);
    }

    /** The request as an error names it: "GET /v2/foo". */
    public static String describe(HttpServerRequest request) {
        return request.method().name() + " " + request.path();
    }
}
