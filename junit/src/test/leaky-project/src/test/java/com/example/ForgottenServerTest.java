package com.example;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** @BeforeAll opens a server that no @AfterAll closes: the class fails, its test does not. */
class ForgottenServerTest {
    private static ServerSocket server;

    @BeforeAll
    static void startServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress()); // leak:class-level
    }

    @Test
    void usesTheServer() {
        if (server.getLocalPort() == 0) {
            throw new AssertionError("not bound");
        }
    }
}
