package dev.quire.gateway.api;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.quire.common.JsonErrors;

/**
 * Jackson's reasons a request body could not be read, in the API's words: the field as the
 * client wrote it ({@code options.maxTitleLength}, {@code examples[0].sql}), the JSON type it
 * takes, and for broken JSON the line and column, without Java class names.
 */
final class JsonInputErrors {

    /** As in "from Object value (token `JsonToken.START_OBJECT`)". */
    private static final Pattern TOKEN = Pattern.compile("token `JsonToken\\.([A-Z_]+)`");

    private JsonInputErrors() {
    }

    /** A value of the wrong JSON type, e.g. {@code "execute":"yes"} or an array where an object belongs. */
    static String wrongType(MismatchedInputException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return unknownField(unknown);
        }
        String field = fieldPath(e.getPath());
        String subject = field.isEmpty() ? "the request body" : field;
        String expected = e.getTargetType() == null ? null : jsonType(e.getTargetType());
        if (expected == null) {
            // No target type: Jackson's own sentence is all there is; keep its first line.
            return subject + " could not be read: " + JsonErrors.firstLine(e.getOriginalMessage());
        }
        if (field.isEmpty() && "an object".equals(expected)) {
            expected = "a JSON object";
        }
        String got = got(e);
        return subject + " must be " + expected + (got == null ? "" : ", got " + got);
    }

    /** A field the request does not have, e.g. {@code "count"} beside {@code "diff"}: which one, where, and what is there. */
    static String unknownField(UnrecognizedPropertyException e) {
        List<JsonMappingException.Reference> path = e.getPath();
        String parent = fieldPath(path.subList(0, Math.max(0, path.size() - 1)));
        List<String> known = e.getKnownPropertyIds() == null ? List.of()
                : e.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
        return "unknown field '" + fieldPath(path) + "'; " + (parent.isEmpty() ? "the request body" : parent) + " takes " + known;
    }

    /** Broken JSON (or a number out of range): Jackson's reason with the position as line and column. */
    static String unreadable(StreamReadException e) {
        return "the request body is not valid JSON: " + JsonErrors.describe(e);
    }

    /** Any other mapping failure: where it happened and Jackson's reason. */
    static String unmappable(JsonMappingException e) {
        String field = fieldPath(e.getPath());
        return (field.isEmpty() ? "the request body" : field) + " could not be read: " + JsonErrors.withoutSource(JsonErrors.firstLine(e.getOriginalMessage()));
    }

    /** {@code options.maxTitleLength}, {@code examples[0].sql}: the names the client used. */
    static String fieldPath(List<JsonMappingException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference step : path) {
            if (step.getFieldName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(step.getFieldName());
            } else if (step.getIndex() >= 0) {
                field.append('[').append(step.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    private static String jsonType(Class<?> type) {
        if (type == String.class || type == Character.class || type == char.class || type.isEnum()) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class || type == Short.class
                || type == short.class || type == BigInteger.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class || type == BigDecimal.class) {
            return "a number";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return type.isPrimitive() ? null : "an object";
    }

    /** What the client sent instead: the value when Jackson kept it, else the JSON type of the token. */
    private static String got(MismatchedInputException e) {
        if (e instanceof InvalidFormatException invalid && invalid.getValue() != null) {
            Object value = invalid.getValue();
            return value instanceof String text ? "\"" + shorten(text) + "\"" : shorten(String.valueOf(value));
        }
        // The parser is closed by the time the exception is mapped; Jackson's message still names the token.
        Matcher token = TOKEN.matcher(String.valueOf(e.getOriginalMessage()));
        if (!token.find()) {
            return null;
        }
        return switch (token.group(1)) {
            case "START_OBJECT", "END_OBJECT", "FIELD_NAME" -> "an object";
            case "START_ARRAY", "END_ARRAY" -> "an array";
            case "VALUE_STRING" -> "a string";
            case "VALUE_NUMBER_INT", "VALUE_NUMBER_FLOAT" -> "a number";
            case "VALUE_TRUE", "VALUE_FALSE" -> "a boolean";
            case "VALUE_NULL" -> "null";
            default -> null;
        };
    }

    private static String shorten(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
