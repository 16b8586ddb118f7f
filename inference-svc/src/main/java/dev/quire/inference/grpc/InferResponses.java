package dev.quire.inference.grpc;

import java.util.List;

import dev.quire.common.inference.InferenceParameters;
import dev.quire.common.inference.TextTensors;
import dev.quire.inference.model.LoadedModel;
import dev.quire.proto.inference.InferParameter;
import dev.quire.proto.inference.ModelInferRequest;
import dev.quire.proto.inference.ModelInferResponse;
import dev.quire.proto.inference.ModelStreamInferResponse;

/**
 * Builds KServe responses carrying {@code text_output}. Answers a request that used Triton's raw
 * input form in raw output form too, as stock Triton clients expect; every response carries the
 * model's warning (random test model) when there is one.
 */
final class InferResponses {

    private InferResponses() {
    }

    static ModelInferResponse text(LoadedModel model, ModelInferRequest request, String text) {
        ModelInferResponse.Builder response = ModelInferResponse.newBuilder()
                .setModelName(model.name())
                .setModelVersion(ModelAdmin.MODEL_VERSION)
                .setId(request.getId());
        if (request.getRawInputContentsCount() > 0) {
            response.addOutputs(ModelInferResponse.InferOutputTensor.newBuilder()
                            .setName(TextTensors.TEXT_OUTPUT).setDatatype(TextTensors.BYTES).addShape(1))
                    .addRawOutputContents(TextTensors.encodeRaw(List.of(text)));
        } else {
            response.addOutputs(TextTensors.textOutput(TextTensors.TEXT_OUTPUT, text));
        }
        model.warning().ifPresent(w -> response.putParameters(InferenceParameters.WARNING, TextTensors.stringParam(w)));
        return response.build();
    }

    static ModelStreamInferResponse streamPiece(LoadedModel model, ModelInferRequest request, String piece, boolean last) {
        ModelInferResponse response = text(model, request, piece).toBuilder()
                .putParameters(InferenceParameters.FINAL_RESPONSE, InferParameter.newBuilder().setBoolParam(last).build())
                .build();
        return ModelStreamInferResponse.newBuilder().setInferResponse(response).build();
    }

    /** Triton reports a failed request of a stream in the stream and keeps the stream open. */
    static ModelStreamInferResponse streamError(ModelInferRequest request, String message) {
        return ModelStreamInferResponse.newBuilder()
                .setErrorMessage(message)
                .setInferResponse(ModelInferResponse.newBuilder().setModelName(request.getModelName()).setId(request.getId()))
                .build();
    }
}
