package com.example;

import java.io.IOException;
import io.sockwatch.junit.SocketLeakCheck;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** No annotation: the extension comes from auto-detection (junit-platform.properties). */
class PlainSocketTest {
    /** Keeps the leaked socket reachable, as a field of a long-lived object would: open, not reclaimed. */
    private static final List<Socket> KEPT = new ArrayList<>();
    private static LoopbackServer server;

    @BeforeAll
    static void startServer() throws IOException {
        server = new LoopbackServer();
    }

    @AfterAll
    static void stopServer() throws IOException {
        server.close();
    }

    @Test
    void leavesASocketOpen() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port()); // leak:plain-socket
        socket.getOutputStream().write(1);
        KEPT.add(socket);
    }

    @Test
    void keepsASocketItsPeerClosed() throws IOException {
        try (ServerSocket closesAtOnce = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), closesAtOnce.getLocalPort()); // leak:close-wait
            closesAtOnce.accept().close();
            KEPT.add(socket);
        }
    }

    @Test
    void closesItsSocket() throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.getOutputStream().write(1);
        }
    }

    @Test
    void dropsASocketWithoutClosingIt() throws IOException {
        new Socket(InetAddress.getLoopbackAddress(), server.port()).getOutputStream().write(1); // leak:dropped
    }

    @Test
    void aSocketClosedByAnotherThreadWithinTheGracePeriodIsNoLeak() throws IOException {
        closeLater(new Socket(InetAddress.getLoopbackAddress(), server.port()), 300);
    }

    @Test
    @SocketLeakCheck(grace = "3s")
    void aSlowerCloseWithinALongerGracePeriodIsNoLeak() throws IOException {
        closeLater(new Socket(InetAddress.getLoopbackAddress(), server.port()), 1500);
    }

    private static void closeLater(Socket socket, long millis) {
        Thread closer = new Thread(() -> {
            try {
                Thread.sleep(millis);
                socket.close();
            } catch (InterruptedException | IOException e) {
                throw new IllegalStateException(e);
            }
        });
        closer.start();
    }
}
