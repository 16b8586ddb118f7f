package dev.quire.gateway.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** JSON bodies of the public HTTP API (see DESIGN.md section 2). */
public final class ApiTypes {

    private ApiTypes() {
    }

    /** @param stream answer with server-sent events (as does {@code Accept: text/event-stream}) */
    public record SqlGenerateRequest(String database, String question, String conversationId, Boolean execute, Long timeoutMs,
            Boolean stream) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SqlGenerateResponse(String requestId, String sql, boolean valid, int attempts, List<String> columns,
            List<List<String>> rows, Boolean truncated, String error, List<String> warnings) {
    }

    public record SqlTextRequest(String database, String sql, Long timeoutMs) {
    }

    /** One reason SQL was refused; {@code position} is the 1-based character offset when known. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SqlError(String message, Integer position) {
    }

    public record SqlValidateResponse(String requestId, boolean valid, boolean readOnly, List<SqlError> errors) {
    }

    public record SqlExecuteResponse(String requestId, List<String> columns, List<List<String>> rows, boolean truncated,
            long elapsedMs) {
    }

    /** 400 body of a refused query: the usual error plus every reason. */
    public record SqlRefusalBody(ErrorDetail error, boolean readOnly, List<SqlError> errors) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ColumnDescription(String name, String type, boolean nullable, String comment, List<String> sampleValues) {
    }

    public record ForeignKeyDescription(List<String> columns, String referencedTable, List<String> referencedColumns) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TableDescription(String name, boolean view, String comment, List<ColumnDescription> columns,
            List<String> primaryKey, List<ForeignKeyDescription> foreignKeys) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SchemaResponse(String database, String dialect, String dialectVersion, String schema, List<TableDescription> tables,
            String note) {
    }

    public record SqlExamplePair(String question, String sql) {
    }

    public record SqlExamplesRequest(List<SqlExamplePair> examples, Long timeoutMs) {
    }

    public record SqlExamplesResponse(int saved, int total) {
    }

    /**
     * @param suggestions how many different messages to write (1 when absent)
     * @param history     recent commit titles of the repository, newest first, as examples of its style
     */
    public record CommitOptions(Integer maxTitleLength, String language, Boolean conventional, Integer suggestions,
            List<String> history) {
    }

    public record CommitSuggestion(String title, String body, String message) {
    }

    public record CommitMessageRequest(String diff, CommitOptions options, Long timeoutMs) {
    }

    /** title, body and message are the best suggestion; suggestions lists all of them, best first. */
    public record CommitMessageResponse(String requestId, String title, String body, String message, List<String> files,
            List<String> warnings, List<CommitSuggestion> suggestions) {
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
