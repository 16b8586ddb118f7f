package dev.quire.inference.grpc;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import dev.quire.common.QuireException;
import dev.quire.common.inference.InferenceParameters;
import dev.quire.proto.inference.InferParameter;

/**
 * Refuses a request parameter whose name is one edit away from a name Quire knows
 * ({@code max_tokenz}, {@code temprature}, {@code Max_Tokens}). KServe v2 parameters are open:
 * Triton hands names it does not know to the backend, and clients add their own (sequence_id), so
 * other unknown names pass; but a near miss is almost surely a typo that would otherwise be
 * ignored without a word, and the answer would silently use the default.
 */
final class MisspeltParameters {

    /** The request parameters of Quire's convention ({@link InferenceParameters}), the scheduler's and the HTTP surface's. */
    static final Set<String> KNOWN = Set.of(InferenceParameters.MAX_TOKENS, InferenceParameters.TEMPERATURE, InferenceParameters.SEED,
            InferenceParameters.STOP, InferenceParameters.STREAM, InferenceParameters.GRAMMAR, InferenceParameters.JSON_SCHEMA,
            InferenceParameters.IGNORE_EOS, InferenceParameters.PRIORITY, InferenceParameters.TIMEOUT_MICROSECONDS,
            SchedulingParameters.TENANT, "binary_data_output");

    /** Shorter names are one edit away from too many words to call a difference a typo. */
    private static final int MIN_LENGTH = 4;

    private MisspeltParameters() {
    }

    /** @throws QuireException.InvalidRequest naming the parameter and the name it nearly is */
    static void refuse(Map<String, InferParameter> parameters) {
        for (String name : parameters.keySet()) {
            nearMiss(name).ifPresent(meant -> {
                throw new QuireException.InvalidRequest("parameter '" + name + "' is not one Quire knows; did you mean '" + meant
                        + "'? (names are case-sensitive; known parameters: " + new TreeSet<>(KNOWN) + ")");
            });
        }
    }

    /** The known name that {@code name} is one edit (or a case change) away from, if it is not itself known. */
    static Optional<String> nearMiss(String name) {
        if (KNOWN.contains(name) || name.length() < MIN_LENGTH) {
            return Optional.empty();
        }
        String lower = name.toLowerCase(Locale.ROOT);
        return KNOWN.stream().filter(known -> known.length() >= MIN_LENGTH && editDistance(lower, known) <= 1).findFirst();
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours cost 1. */
    static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int substitution = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + substitution);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
