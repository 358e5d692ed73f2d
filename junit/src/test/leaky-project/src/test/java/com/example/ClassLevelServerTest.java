package com.example;

import io.sockwatch.junit.SocketLeakCheck;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Servers and a connection the class keeps for all its tests: opened in @BeforeAll, closed in @AfterAll. The
 * connection is made in @BeforeAll, but its server end is accepted only when a test asks for it.
 */
@SocketLeakCheck
class ClassLevelServerTest {
    private static LoopbackServer server;
    private static ServerSocket acceptsWhenAsked;
    private static Socket client;
    private static Socket serverEnd;

    @BeforeAll
    static void open() throws IOException {
        server = new LoopbackServer();
        acceptsWhenAsked = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        client = new Socket(InetAddress.getLoopbackAddress(), acceptsWhenAsked.getLocalPort());
    }

    @AfterAll
    static void close() throws IOException {
        if (serverEnd != null) {
            serverEnd.close();
        }
        client.close();
        acceptsWhenAsked.close();
        server.close();
    }

    @Test
    void acceptsTheConnectionTheClassMade() throws IOException {
        serverEnd = acceptsWhenAsked.accept();
        client.getOutputStream().write(1);
        if (serverEnd.getInputStream().read() != 1) {
            throw new AssertionError("the shared connection lost a byte");
        }
    }

    @Test
    void usesTheSharedServer() throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.getOutputStream().write(1);
        }
    }
}
