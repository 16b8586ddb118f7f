package dev.quire.inference.grpc;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import dev.quire.common.QuireException;
import dev.quire.proto.inference.InferParameter;

/** Typed access to KServe request parameters; a value of the wrong kind is an error naming the parameter. */
final class InferParameterReader {

    private final Map<String, InferParameter> parameters;

    InferParameterReader(Map<String, InferParameter> parameters) {
        this.parameters = parameters;
    }

    /**
     * int64 or uint64 (uint64 must fit a signed long), or a double or a string holding a whole number
     * (clients differ in how they send it: Python's {@code 16.0}, a form field's {@code "16"}).
     */
    Optional<Long> integer(String name) {
        InferParameter p = parameters.get(name);
        if (p == null) {
            return Optional.empty();
        }
        return switch (p.getParameterChoiceCase()) {
            case INT64_PARAM -> Optional.of(p.getInt64Param());
            case UINT64_PARAM -> {
                if (p.getUint64Param() < 0) {
                    throw new QuireException.InvalidRequest("parameter '" + name + "' is too large: " + Long.toUnsignedString(p.getUint64Param()));
                }
                yield Optional.of(p.getUint64Param());
            }
            case DOUBLE_PARAM -> {
                double value = p.getDoubleParam();
                // Beyond 2^53 a double no longer holds every whole number; no parameter's range comes near it.
                if (value != Math.rint(value) || Math.abs(value) > 0x1p53) {
                    throw wrongType(name, p, "a whole number");
                }
                yield Optional.of((long) value);
            }
            case STRING_PARAM -> Optional.of(parsed(name, p, "a whole number", Long::parseLong));
            default -> throw wrongType(name, p, "a whole number");
        };
    }

    /** double, an integer, or a string holding a number (clients differ in how they send it). */
    Optional<Double> number(String name) {
        InferParameter p = parameters.get(name);
        if (p == null) {
            return Optional.empty();
        }
        return switch (p.getParameterChoiceCase()) {
            case DOUBLE_PARAM -> Optional.of(p.getDoubleParam());
            case INT64_PARAM -> Optional.of((double) p.getInt64Param());
            case UINT64_PARAM -> Optional.of((double) p.getUint64Param());
            case STRING_PARAM -> Optional.of(parsed(name, p, "a number", Double::parseDouble));
            default -> throw wrongType(name, p, "a number");
        };
    }

    /** bool, or a string "true" / "false" (clients differ in how they send it). */
    Optional<Boolean> bool(String name) {
        InferParameter p = parameters.get(name);
        if (p == null) {
            return Optional.empty();
        }
        return switch (p.getParameterChoiceCase()) {
            case BOOL_PARAM -> Optional.of(p.getBoolParam());
            case STRING_PARAM -> switch (p.getStringParam().strip()) {
                case "true" -> Optional.of(true);
                case "false" -> Optional.of(false);
                default -> throw wrongType(name, p, "true or false");
            };
            default -> throw wrongType(name, p, "true or false");
        };
    }

    Optional<String> string(String name) {
        InferParameter p = parameters.get(name);
        if (p == null) {
            return Optional.empty();
        }
        if (p.getParameterChoiceCase() != InferParameter.ParameterChoiceCase.STRING_PARAM) {
            throw wrongType(name, p, "a string");
        }
        return Optional.of(p.getStringParam());
    }

    /** A number sent as a string parameter, read by {@code parser}. */
    private static <T> T parsed(String name, InferParameter p, String expected, Function<String, T> parser) {
        try {
            return parser.apply(p.getStringParam().strip());
        } catch (NumberFormatException e) {
            throw wrongType(name, p, expected);
        }
    }

    private static QuireException wrongType(String name, InferParameter p, String expected) {
        return new QuireException.InvalidRequest("parameter '" + name + "' must be " + expected + ", got " + describe(p));
    }

    /** The value as the client wrote it, so that an error shows what arrived, not the protocol's field name. */
    private static String describe(InferParameter p) {
        return switch (p.getParameterChoiceCase()) {
            case BOOL_PARAM -> "the bool " + p.getBoolParam();
            case INT64_PARAM -> "the number " + p.getInt64Param();
            case UINT64_PARAM -> "the number " + Long.toUnsignedString(p.getUint64Param());
            case DOUBLE_PARAM -> "the number " + p.getDoubleParam();
            case STRING_PARAM -> "the string '" + p.getStringParam() + "'";
            case PARAMETERCHOICE_NOT_SET -> "no value";
        };
    }
}
