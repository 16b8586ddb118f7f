package dev.quire.inference.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Label values in the Prometheus text format. */
class PrometheusTextTest {

    @Test
    void aModelNameIsEscapedSoItCannotBreakTheExposition() {
        assertEquals("model=\"llm\",version=\"1\"", PrometheusText.modelLabels("llm"));
        // a folder named  my"model\x<newline>2  stays one label value on one line
        assertEquals("model=\"my\\\"model\\\\x\\n2\",version=\"1\"", PrometheusText.modelLabels("my\"model\\x\n2"));
    }
}
