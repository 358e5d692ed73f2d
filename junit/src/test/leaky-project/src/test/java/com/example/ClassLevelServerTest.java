package com.example;

import io.sockwatch.junit.SocketLeakCheck;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A server and a client the class keeps for all its tests, opened in @BeforeAll and closed in @AfterAll. */
@SocketLeakCheck
class ClassLevelServerTest {
    private static LoopbackServer server;
    private static Socket client;

    @BeforeAll
    static void open() throws IOException {
        server = new LoopbackServer();
        client = new Socket(InetAddress.getLoopbackAddress(), server.port());
    }

    @AfterAll
    static void close() throws IOException {
        client.close();
        server.close();
    }

    @Test
    void usesTheSharedClient() throws IOException {
        client.getOutputStream().write(1);
    }

    @Test
    void usesTheSharedServer() throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.getOutputStream().write(1);
        }
    }
}
