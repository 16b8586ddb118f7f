package dev.quire.inference.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.google.protobuf.ByteString;
import inference.GrpcPredictV2.InferTensorContents;
import inference.GrpcPredictV2.ModelInferRequest;
import inference.GrpcPredictV2.ModelInferResponse;
import inference.GrpcPredictV2.ModelReadyResponse;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** Apache Camel's own {@code kserve:} producer endpoint, unchanged, calling the running service over gRPC. */
@QuarkusTest
@TestProfile(RandomModelProfile.class)
class CamelKServeProducerTest {

    @Test
    void camelsKServeEndpointEmbedsText() throws Exception {
        int port = ConfigProvider.getConfig().getValue("quarkus.grpc.server.test-port", Integer.class);
        String target = "&target=localhost:" + port;
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            ProducerTemplate producer = camel.createProducerTemplate();
            boolean ready = false;
            for (int i = 0; i < 600 && !ready; i++) {
                ready = producer.requestBody("kserve:model/ready?modelName=embedder" + target, null, ModelReadyResponse.class).getReady();
                if (!ready) {
                    Thread.sleep(100);
                }
            }
            assertTrue(ready, "embedder became ready");

            ModelInferRequest request = ModelInferRequest.newBuilder()
                    .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("text").setDatatype("BYTES").addShape(2)
                            .setContents(InferTensorContents.newBuilder().addBytesContents(ByteString.copyFromUtf8("first question"))
                                    .addBytesContents(ByteString.copyFromUtf8("second question"))))
                    .build();
            ModelInferResponse response = producer.requestBody("kserve:infer?modelName=embedder" + target, request, ModelInferResponse.class);
            assertEquals("embedder", response.getModelName(), "the endpoint's modelName reached the server");
            assertEquals(List.of(2L, 384L), response.getOutputs(0).getShapeList());
            assertEquals(2 * 384, response.getOutputs(0).getContents().getFp32ContentsCount());
        }
    }
}
