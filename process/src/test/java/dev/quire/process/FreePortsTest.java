package dev.quire.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void aPortSomethingListensOnIsNamedWithTheHint() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> FreePorts.require("127.0.0.1", "is another Quire mesh running?", port));
            assertEquals("port " + port + " is already in use (is another Quire mesh running?); stop what holds it or choose other ports",
                    refused.getMessage());
        }
    }

    @Test
    void freePortsPassAndStayFree() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort();
        }
        FreePorts.require("127.0.0.1", "", port);
        FreePorts.require("127.0.0.1", "", port); // the check let go of the port again
    }
}
