package dev.quire.inference.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.quire.common.QuireException;
import dev.quire.proto.inference.InferParameter;

class MisspeltParametersTest {

    private static final InferParameter FIVE = InferParameter.newBuilder().setInt64Param(5).build();

    @Test
    void oneEditOrACaseChangeFromAKnownNameIsANearMiss() {
        assertEquals(Optional.of("max_tokens"), MisspeltParameters.nearMiss("max_tokenz"));
        assertEquals(Optional.of("max_tokens"), MisspeltParameters.nearMiss("max_token"));
        assertEquals(Optional.of("max_tokens"), MisspeltParameters.nearMiss("Max_Tokens"));
        assertEquals(Optional.of("max_tokens"), MisspeltParameters.nearMiss("max-tokens"));
        assertEquals(Optional.of("temperature"), MisspeltParameters.nearMiss("temprature"));
        assertEquals(Optional.of("temperature"), MisspeltParameters.nearMiss("temperatrue"), "two neighbours swapped");
        assertEquals(Optional.of("seed"), MisspeltParameters.nearMiss("sead"));
        assertEquals(Optional.of("json_schema"), MisspeltParameters.nearMiss("jsonschema"));
    }

    @Test
    void knownNamesAndOtherClientsNamesPass() {
        for (String name : MisspeltParameters.KNOWN) {
            assertEquals(Optional.empty(), MisspeltParameters.nearMiss(name), name);
        }
        // vLLM's min_tokens is two edits from max_tokens; Triton's sequence parameters and sampling knobs Quire does not read are far.
        for (String name : new String[] {"min_tokens", "sequence_id", "sequence_start", "top_p", "top_k", "headers", "n", "ab"}) {
            assertEquals(Optional.empty(), MisspeltParameters.nearMiss(name), name);
        }
    }

    @Test
    void aNearMissIsRefusedNamingTheParameterAndTheNameItNearlyIs() {
        QuireException.InvalidRequest refused = assertThrows(QuireException.InvalidRequest.class,
                () -> MisspeltParameters.refuse(Map.of("max_tokenz", FIVE)));
        assertTrue(refused.getMessage().startsWith("parameter 'max_tokenz' is not one Quire knows; did you mean 'max_tokens'?"), refused.getMessage());
        assertTrue(refused.getMessage().contains("temperature"), "lists the known names: " + refused.getMessage());
        MisspeltParameters.refuse(Map.of("max_tokens", FIVE, "sequence_id", FIVE));
    }

    @Test
    void editDistanceCountsInsertionsDeletionsSubstitutionsAndSwaps() {
        assertEquals(0, MisspeltParameters.editDistance("seed", "seed"));
        assertEquals(1, MisspeltParameters.editDistance("seed", "sed"));
        assertEquals(1, MisspeltParameters.editDistance("seed", "seeds"));
        assertEquals(1, MisspeltParameters.editDistance("seed", "sead"));
        assertEquals(1, MisspeltParameters.editDistance("seed", "sede"));
        assertEquals(2, MisspeltParameters.editDistance("min_tokens", "max_tokens"));
        assertEquals(4, MisspeltParameters.editDistance("", "stop"));
    }
}
