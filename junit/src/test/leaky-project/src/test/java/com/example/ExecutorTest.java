package com.example;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Code the test runs on an executor's thread, as a service under test does: its sockets are the test's as much as
 * those the test's own thread opens, also with JUnit's parallel execution on while tests run in same_thread mode.
 */
class ExecutorTest {
    private static final List<Socket> KEPT = new CopyOnWriteArrayList<>();
    private static LoopbackServer server;
    private static ExecutorService executor;

    @BeforeAll
    static void start() throws IOException {
        server = new LoopbackServer();
        executor = Executors.newSingleThreadExecutor();
    }

    @AfterAll
    static void stop() throws IOException {
        executor.shutdown();
        server.close();
    }

    @Test
    void leaksOnAnExecutorThread() throws Exception {
        KEPT.add(executor.submit(ExecutorTest::connect).get());
    }

    @Test
    void closesOnAnExecutorThread() throws Exception {
        executor.submit(() -> {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                socket.getOutputStream().write(1);
            }
            return null;
        }).get();
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port()); // leak:executor
        socket.getOutputStream().write(1);
        return socket;
    }
}
