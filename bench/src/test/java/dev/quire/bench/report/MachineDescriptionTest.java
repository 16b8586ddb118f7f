package dev.quire.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class MachineDescriptionTest {

    @Test
    void theFirstProcessorsModelAndWidestVectorUnitAreNamed() {
        List<String> cpuinfo = List.of("processor\t: 0", "model name\t: Intel(R) Xeon(R) Processor", "flags\t\t: fpu sse avx avx2 avx512f avx512bw",
                "", "processor\t: 1", "model name\t: Intel(R) Xeon(R) Processor", "flags\t\t: fpu sse avx avx2 avx512f avx512bw");
        assertEquals("2 CPU cores (Intel(R) Xeon(R) Processor, AVX-512)", MachineDescription.describe(2, cpuinfo));
        assertEquals("4 CPU cores (AMD EPYC 7B13, AVX2)", MachineDescription.describe(4,
                List.of("model name\t: AMD EPYC 7B13", "flags\t\t: fpu avx avx2 fma")));
    }

    @Test
    void withoutCpuinfoOnlyTheCountIsGiven() {
        assertEquals("2 CPU cores", MachineDescription.describe(2, List.of()));
        assertEquals("8 CPU cores (Neoverse)", MachineDescription.describe(8, List.of("model name : Neoverse", "Features : fp asimd")));
    }
}
