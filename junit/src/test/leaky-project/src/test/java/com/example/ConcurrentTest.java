package com.example;

import static java.util.concurrent.TimeUnit.SECONDS;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Two tests at the same time (with JUnit's parallel execution on): one leaks a socket while the other runs, the
 * other closes its own. Only the first may fail. No other class runs meanwhile, so other classes run alone in
 * JUnit's default same_thread mode.
 */
@Execution(ExecutionMode.CONCURRENT)
@Isolated
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

    @BeforeEach
    void onlyInParallel() {
        Assumptions.assumeTrue(Boolean.getBoolean("junit.jupiter.execution.parallel.enabled"), "needs parallel execution");
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
