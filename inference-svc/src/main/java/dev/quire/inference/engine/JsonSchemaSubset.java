package dev.quire.inference.engine;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;

/**
 * The JSON Schema subset Quire hands to llama.cpp's schema-to-grammar converter. The native
 * converter ends the whole JVM (an uncaught C++ exception) on a schema it does not recognise or on
 * a keyword of the wrong JSON type, so everything outside this checked subset is refused up front.
 */
public final class JsonSchemaSubset {

    static final Set<String> TYPES = Set.of("object", "array", "string", "number", "integer", "boolean", "null");
    static final Set<String> KEYWORDS = Set.of("type", "properties", "required", "additionalProperties", "items",
            "minItems", "maxItems", "enum", "const", "anyOf", "oneOf", "minLength", "maxLength", "minimum", "maximum",
            "exclusiveMinimum", "exclusiveMaximum", "title", "description", "default", "examples", "$schema", "$id", "$comment");
    /** Keywords that tell the converter what a node is. */
    private static final Set<String> DEFINING = Set.of("type", "properties", "items", "enum", "const", "anyOf", "oneOf");
    private static final Set<String> NON_NEGATIVE_INTS = Set.of("minItems", "maxItems", "minLength", "maxLength");
    private static final Set<String> NUMBERS = Set.of("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum");

    private JsonSchemaSubset() {
    }

    /** @throws IllegalArgumentException naming the first unsupported part and its JSON path */
    public static void check(JsonNode schema) {
        check(schema, "$");
    }

    private static void check(JsonNode schema, String path) {
        if (!schema.isObject()) {
            throw unsupported(path, "a schema must be a JSON object");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = schema.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            String at = path + "." + key;
            if (!KEYWORDS.contains(key)) {
                throw unsupported(at, "keyword '" + key + "' is not supported (supported: " + KEYWORDS.stream().sorted().toList() + ")");
            }
            switch (key) {
                case "type" -> checkType(value, at);
                case "properties" -> {
                    if (!value.isObject()) {
                        throw unsupported(at, "'properties' must be an object of schemas");
                    }
                    value.fields().forEachRemaining(p -> check(p.getValue(), at + "." + p.getKey()));
                }
                case "required" -> {
                    if (!value.isArray()) {
                        throw unsupported(at, "'required' must be an array of property names");
                    }
                    value.forEach(name -> {
                        if (!name.isTextual()) {
                            throw unsupported(at, "'required' must hold strings only");
                        }
                    });
                }
                case "additionalProperties" -> {
                    if (!value.isBoolean()) {
                        check(value, at);
                    }
                }
                case "items" -> check(value, at);
                case "anyOf", "oneOf" -> {
                    if (!value.isArray() || value.isEmpty()) {
                        throw unsupported(at, "'" + key + "' must be a non-empty array of schemas");
                    }
                    for (int i = 0; i < value.size(); i++) {
                        check(value.get(i), at + "[" + i + "]");
                    }
                }
                case "enum" -> {
                    if (!value.isArray() || value.isEmpty()) {
                        throw unsupported(at, "'enum' must be a non-empty array");
                    }
                }
                case "title", "description", "$schema", "$id", "$comment" -> {
                    if (!value.isTextual()) {
                        throw unsupported(at, "'" + key + "' must be a string");
                    }
                }
                default -> {
                    if (NON_NEGATIVE_INTS.contains(key) && !(value.canConvertToInt() && value.isIntegralNumber() && value.intValue() >= 0)) {
                        throw unsupported(at, "'" + key + "' must be a non-negative integer");
                    }
                    if (NUMBERS.contains(key) && !(value.isNumber() && value.canConvertToInt())) {
                        throw unsupported(at, "'" + key + "' must be a number within the 32-bit integer range");
                    }
                }
            }
        }
        // The converter must recognise what each node is: an empty schema (any object), a type,
        // or a structural keyword. A node with only annotations (say, a description) aborts it.
        boolean describesSomething = schema.isEmpty() || DEFINING.stream().anyMatch(schema::has)
                || (schema.has("additionalProperties") && !schema.get("additionalProperties").equals(BooleanNode.TRUE));
        if (!describesSomething) {
            throw unsupported(path, "the schema needs a 'type' (or one of " + DEFINING.stream().sorted().toList() + ")");
        }
    }

    private static void checkType(JsonNode type, String path) {
        if (type.isTextual() && TYPES.contains(type.asText())) {
            return;
        }
        if (type.isArray() && !type.isEmpty()) {
            type.forEach(t -> checkType(t, path));
            return;
        }
        throw unsupported(path, "'type' must be one of " + TYPES.stream().sorted().toList() + " or an array of them, got " + type);
    }

    private static IllegalArgumentException unsupported(String path, String message) {
        return new IllegalArgumentException(message + " (at " + path + ")");
    }
}
