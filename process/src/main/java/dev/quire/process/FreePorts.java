package dev.quire.process;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Refuses to start a server on a port that something already listens on: a server left over there
 * would answer the new one's readiness probe and be used in its place.
 */
public final class FreePorts {

    private FreePorts() {
    }

    /**
     * @param host  the address the server will listen on
     * @param hint  what may hold them, in brackets after "already in use" (empty for nothing)
     * @param ports the ports it will listen on
     * @throws IllegalStateException naming the first port in use
     */
    public static void require(String host, String hint, int... ports) {
        for (int port : ports) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(host, port));
            } catch (IOException e) {
                throw new IllegalStateException("port " + port + " is already in use" + (hint.isEmpty() ? "" : " (" + hint + ")")
                        + "; stop what holds it or choose other ports");
            }
        }
    }
}
