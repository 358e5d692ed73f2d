package com.example;

import static java.util.concurrent.TimeUnit.SECONDS;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Two tests at the same time (with JUnit's parallel execution on in concurrent mode): one leaks a socket while the
 * other runs, the other closes its own. Only the first may fail. Off in other runs, where it would run beside the
 * same_thread classes.
 */
@Execution(ExecutionMode.CONCURRENT)
@EnabledIfSystemProperty(named = "junit.jupiter.execution.parallel.mode.default", matches = "concurrent")
class ConcurrentTest {
    private static final CountDownLatch CLEAN_TEST_RUNS = new CountDownLatch(1);
    private static final CountDownLatch LEAKED = new CountDownLatch(1);
    private static final List<Socket> KEPT = new CopyOnWriteArrayList<>();
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
    void leaksWhileTheOtherTestRuns() throws Exception {
        await(CLEAN_TEST_RUNS);
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port()); // leak:concurrent
        KEPT.add(socket);
        LEAKED.countDown();
    }

    @Test
    void closesItsSocket() throws Exception {
        CLEAN_TEST_RUNS.countDown();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.getOutputStream().write(1);
        }
        await(LEAKED); // the other test's socket is open and opened while this test ran
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        if (!latch.await(20, SECONDS)) {
            throw new AssertionError("the two tests did not run at the same time");
        }
    }
}
