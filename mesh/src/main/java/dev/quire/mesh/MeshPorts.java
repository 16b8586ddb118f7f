package dev.quire.mesh;

import java.net.InetSocketAddress;

/**
 * The ports of one mesh on one machine. {@link #defaults()} are the documented ones (Triton's
 * 8000/8001/8002 for inference-svc, 8080 for the gateway); tests shift them all to stay out of the way
 * of a mesh the developer may be running.
 */
public record MeshPorts(int gatewayHttp, int inferenceHttp, int inferenceGrpc, int inferenceMetrics, int sqlchatHttp,
        int gitcommitHttp, int kafka, int kafkaController) {

    /** Every process of the mesh listens on loopback only. */
    static final String HOST = "127.0.0.1";

    public static MeshPorts defaults() {
        return new MeshPorts(8080, 8000, 8001, 8002, 8081, 8082, 9092, 9093);
    }

    /** Every port moved by the same offset. */
    public MeshPorts shiftedBy(int offset) {
        return new MeshPorts(gatewayHttp + offset, inferenceHttp + offset, inferenceGrpc + offset, inferenceMetrics + offset,
                sqlchatHttp + offset, gitcommitHttp + offset, kafka + offset, kafkaController + offset);
    }

    public String kafkaBootstrap() {
        return HOST + ":" + kafka;
    }

    /** The broker's client listener, to wait for before any Kafka client connects. */
    InetSocketAddress kafkaListener() {
        return new InetSocketAddress(HOST, kafka);
    }

    int[] all() {
        return new int[] {gatewayHttp, inferenceHttp, inferenceGrpc, inferenceMetrics, sqlchatHttp, gitcommitHttp, kafka, kafkaController};
    }
}
