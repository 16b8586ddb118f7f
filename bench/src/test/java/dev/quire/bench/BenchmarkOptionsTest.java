package dev.quire.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import dev.quire.bench.BenchmarkOptions.WordRange;
import org.junit.jupiter.api.Test;

class BenchmarkOptionsTest {

    @Test
    void defaultsRunEveryScenarioWithBothTextMixes() {
        BenchmarkOptions o = BenchmarkOptions.parse();
        assertEquals(BenchmarkOptions.ALL_SCENARIOS, o.scenarios());
        assertEquals(List.of(new WordRange(3, 12), new WordRange(5, 40)), o.wordRanges());
        assertEquals(3, o.runs());
        assertEquals(List.of(1, 8, 32), o.embeddingConcurrency());
        assertEquals(List.of(1, 4, 8), o.generationConcurrency());
        assertFalse(o.quick());
    }

    @Test
    void quickChangesDefaultsButExplicitOptionsWin() {
        BenchmarkOptions o = BenchmarkOptions.parse("--quick", "--runs=2");
        assertTrue(o.quick());
        assertEquals(1.0, o.seconds());
        assertEquals(2, o.runs());
        assertEquals(List.of(new WordRange(3, 12)), o.wordRanges());
    }

    @Test
    void scenariosKeepTheirFixedOrder() {
        BenchmarkOptions o = BenchmarkOptions.parse("--scenarios=burst,routing");
        assertEquals(List.of("routing", "burst"), o.scenarios());
        assertTrue(o.runs("burst"));
        assertFalse(o.runs("embeddings"));
    }

    @Test
    void mistakesNameTheOptionAndTheAllowedValues() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BenchmarkOptions.parse("--secs=3")).getMessage().contains("unknown option --secs"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BenchmarkOptions.parse("--scenarios=embedings")).getMessage()
                .contains("unknown scenario 'embedings'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BenchmarkOptions.parse("--words=12-3")).getMessage().contains("1 <= MIN <= MAX"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BenchmarkOptions.parse("--seconds=0")).getMessage().contains("--seconds must be > 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BenchmarkOptions.parse("--concurrency=1,0")).getMessage().contains(">= 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BenchmarkOptions.parse("--max-tokens=1")).getMessage().contains("at least 2"));
        assertThrows(IllegalArgumentException.class, () -> BenchmarkOptions.parse("seconds=3"));
    }

    @Test
    void theRemoteEmbeddingsScenarioRunsOnlyWhenNamedWithItsServer() {
        assertEquals(java.util.Optional.empty(), BenchmarkOptions.parse().remoteEmbedder());
        assertFalse(BenchmarkOptions.parse().scenarios().contains("remote-embeddings"), "it needs a server outside the benchmark");
        BenchmarkOptions o = BenchmarkOptions.parse("--scenarios=remote-embeddings,burst", "--remote-embedder=127.0.0.1:18001");
        assertEquals(List.of("burst", "remote-embeddings"), o.scenarios());
        assertEquals(java.util.Optional.of("127.0.0.1:18001"), o.remoteEmbedder());
        String noServer = assertThrows(IllegalArgumentException.class, () -> BenchmarkOptions.parse("--scenarios=remote-embeddings")).getMessage();
        assertTrue(noServer.contains("--remote-embedder=HOST:PORT"), noServer);
        String noScenario = assertThrows(IllegalArgumentException.class, () -> BenchmarkOptions.parse("--remote-embedder=gpu:8001")).getMessage();
        assertTrue(noScenario.contains("go together"), noScenario);
        String badTarget = assertThrows(IllegalArgumentException.class,
                () -> BenchmarkOptions.parse("--scenarios=remote-embeddings", "--remote-embedder=http://gpu:8001")).getMessage();
        assertTrue(badTarget.contains("HOST:PORT") && badTarget.contains("http://gpu:8001"), badTarget);
    }
}
