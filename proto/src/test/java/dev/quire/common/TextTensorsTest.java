package dev.quire.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.google.protobuf.ByteString;
import dev.quire.common.inference.TextTensors;
import dev.quire.proto.inference.ModelInferRequest;
import dev.quire.proto.inference.ModelInferResponse;
import org.junit.jupiter.api.Test;

class TextTensorsTest {

    @Test
    void rawBytesRoundTripIncludingUnicodeAndEmptyElements() {
        List<String> values = List.of("SELECT 1", "", "grüße ✓");
        ByteString raw = TextTensors.encodeRaw(values);
        assertEquals(4 + 8 + 4 + 0 + 4 + "grüße ✓".getBytes(java.nio.charset.StandardCharsets.UTF_8).length, raw.size());
        assertEquals(values, TextTensors.decodeRaw(raw));
    }

    @Test
    void truncatedRawBytesAreRejectedWithTheSizes() {
        ByteString raw = TextTensors.encodeRaw(List.of("hello")).substring(0, 7);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TextTensors.decodeRaw(raw));
        assertTrue(e.getMessage().contains("5 bytes but only 3 remain"), e.getMessage());
    }

    @Test
    void inputIsReadFromTypedOrRawContents() {
        ModelInferRequest typed = ModelInferRequest.newBuilder()
                .addInputs(TextTensors.textInput(TextTensors.TEXT_INPUT, "typed")).build();
        assertEquals(List.of("typed"), TextTensors.readInput(typed, TextTensors.TEXT_INPUT).orElseThrow());

        // Stock Triton clients send BYTES as raw_input_contents, with no typed contents.
        ModelInferRequest raw = ModelInferRequest.newBuilder()
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("other").setDatatype("BYTES").addShape(1))
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName(TextTensors.TEXT_INPUT).setDatatype("BYTES").addShape(1))
                .addRawInputContents(TextTensors.encodeRaw(List.of("first")))
                .addRawInputContents(TextTensors.encodeRaw(List.of("second")))
                .build();
        assertEquals(List.of("second"), TextTensors.readInput(raw, TextTensors.TEXT_INPUT).orElseThrow());
        assertTrue(TextTensors.readInput(raw, "missing").isEmpty());
    }

    @Test
    void wrongDatatypeNamesTheInputAndTheExpectation() {
        ModelInferRequest request = ModelInferRequest.newBuilder()
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName(TextTensors.TEXT_INPUT).setDatatype("FP32"))
                .build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TextTensors.readInput(request, TextTensors.TEXT_INPUT));
        assertTrue(e.getMessage().contains("text_input") && e.getMessage().contains("BYTES") && e.getMessage().contains("FP32"));
    }

    @Test
    void outputIsReadFromTypedOrRawContents() {
        ModelInferResponse typed = ModelInferResponse.newBuilder()
                .addOutputs(TextTensors.textOutput(TextTensors.TEXT_OUTPUT, "answer")).build();
        assertEquals("answer", TextTensors.readOutput(typed, TextTensors.TEXT_OUTPUT).orElseThrow());
        ModelInferResponse raw = ModelInferResponse.newBuilder()
                .addOutputs(ModelInferResponse.InferOutputTensor.newBuilder().setName(TextTensors.TEXT_OUTPUT).setDatatype("BYTES"))
                .addRawOutputContents(TextTensors.encodeRaw(List.of("raw answer")))
                .build();
        assertEquals("raw answer", TextTensors.readOutput(raw, TextTensors.TEXT_OUTPUT).orElseThrow());
    }
}
