package dev.quire.gateway.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** JSON bodies of the public HTTP API (see DESIGN.md section 2). */
public final class ApiTypes {

    private ApiTypes() {
    }

    public record SqlGenerateRequest(String database, String question, String conversationId, Boolean execute, Long timeoutMs) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SqlGenerateResponse(String requestId, String sql, boolean valid, int attempts, List<String> columns,
            List<List<String>> rows, Boolean truncated, String error, List<String> warnings) {
    }

    public record CommitOptions(Integer maxTitleLength, String language, Boolean conventional) {
    }

    public record CommitMessageRequest(String diff, CommitOptions options, Long timeoutMs) {
    }

    public record CommitMessageResponse(String requestId, String title, String body, String message, List<String> files,
            List<String> warnings) {
    }

    public record DatabaseSummary(String name, String dialect, String problem) {
    }

    public record DatabaseListResponse(List<DatabaseSummary> databases) {
    }

    public record ErrorBody(ErrorDetail error) {
    }

    public record ErrorDetail(String code, String message) {
    }
}
