package dev.quire.common;

import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Jackson's reason why a body is not valid JSON, for the client who sent it: the reason and the
 * line and column, without the "[Source: REDACTED ...]" notes Jackson writes for developers (they
 * also appear inside some reasons, e.g. "start marker at [Source: ...]").
 */
public final class JsonErrors {

    private static final Pattern SOURCE = Pattern.compile("\\[Source: .*?; line: (\\d+), column: (\\d+)\\]");

    private JsonErrors() {
    }

    /** "Unexpected end-of-input ... (at line 1, column 22)". */
    public static String describe(JsonProcessingException e) {
        JsonLocation where = e.getLocation();
        return withoutSource(firstLine(e.getOriginalMessage()))
                + (where == null || where.getLineNr() < 1 ? "" : " (at line " + where.getLineNr() + ", column " + where.getColumnNr() + ")");
    }

    /** Replaces Jackson's source notes in {@code message} by "line L, column C". */
    public static String withoutSource(String message) {
        return SOURCE.matcher(message).replaceAll("line $1, column $2");
    }

    /** A Jackson message's first line (the rest is developer detail); "unknown reason" when there is none. */
    public static String firstLine(String message) {
        return message == null ? "unknown reason" : message.lines().findFirst().orElse("unknown reason");
    }
}
