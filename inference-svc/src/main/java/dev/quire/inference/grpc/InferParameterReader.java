package dev.quire.inference.grpc;

import java.util.Map;
import java.util.Optional;

import dev.quire.common.QuireException;
import dev.quire.proto.inference.InferParameter;

/** Typed access to KServe request parameters; a value of the wrong kind is an error naming the parameter. */
final class InferParameterReader {

    private final Map<String, InferParameter> parameters;

    InferParameterReader(Map<String, InferParameter> parameters) {
        this.parameters = parameters;
    }

    /** int64 or uint64 (uint64 must fit a signed long). */
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
            default -> throw wrongType(name, p, "an int64 or uint64");
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
            case STRING_PARAM -> {
                try {
                    yield Optional.of(Double.parseDouble(p.getStringParam().strip()));
                } catch (NumberFormatException e) {
                    throw new QuireException.InvalidRequest("parameter '" + name + "' must be a number, got the string '" + p.getStringParam() + "'");
                }
            }
            default -> throw wrongType(name, p, "a double, an integer or a numeric string");
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
                default -> throw new QuireException.InvalidRequest("parameter '" + name + "' must be true or false, got the string '"
                        + p.getStringParam() + "'");
            };
            default -> throw wrongType(name, p, "a bool");
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

    private static QuireException wrongType(String name, InferParameter p, String expected) {
        String given = p.getParameterChoiceCase() == InferParameter.ParameterChoiceCase.PARAMETERCHOICE_NOT_SET
                ? "no value"
                : p.getParameterChoiceCase().name().toLowerCase(java.util.Locale.ROOT);
        return new QuireException.InvalidRequest("parameter '" + name + "' must be " + expected + ", got " + given);
    }
}
