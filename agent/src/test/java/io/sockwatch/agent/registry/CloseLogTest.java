package io.sockwatch.agent.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class CloseLogTest {
    @Test
    void drainsOldestFirstAndEmpties() {
        CloseLog log = new CloseLog();
        assertTrue(log.isEmpty());
        for (int port = 1; port <= 3; port++) {
            log.add(close(port));
        }
        assertFalse(log.isEmpty());
        List<ClosedConnection> drained = log.drain();
        assertEquals(List.of(1, 2, 3), ports(drained));
        assertTrue(log.isEmpty());
        assertTrue(log.drain().isEmpty());
        log.add(close(4));
        assertEquals(List.of(4), ports(log.drain()), "a drained close links to no older one");
    }

    @Test
    void beyondCapacityClosesAreCountedNotKept() {
        CloseLog log = new CloseLog();
        for (int i = 0; i < CloseLog.CAPACITY + 5; i++) {
            log.add(close(i & 0xffff));
        }
        assertEquals(CloseLog.CAPACITY, log.drain().size());
        assertEquals(5, log.dropped());
        log.add(close(7));
        assertEquals(1, log.drain().size(), "room again once taken");
    }

    @Test
    void closesFromManyThreadsWhileTheScannerTakesThemAllArriveOnce() throws Exception {
        CloseLog log = new CloseLog();
        int threads = 4;
        int each = 5_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> closers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * each;
            Thread closer = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    log.add(close(base + i));
                }
            });
            closer.start();
            closers.add(closer);
        }
        start.countDown();
        Set<Integer> seen = new HashSet<>();
        boolean running = true;
        while (running) {
            running = closers.stream().anyMatch(Thread::isAlive);
            for (ClosedConnection c : log.drain()) {
                assertTrue(seen.add(c.localPort()), "taken twice: " + c.localPort());
            }
        }
        assertEquals(threads * each, seen.size());
        assertEquals(0, log.dropped());
    }

    private static ClosedConnection close(int localPort) {
        return new ClosedConnection(SocketKind.SOCKET, localPort, null, 80, 0, null, null);
    }

    private static List<Integer> ports(List<ClosedConnection> closes) {
        List<Integer> ports = new ArrayList<>();
        for (ClosedConnection c : closes) {
            ports.add(c.localPort());
        }
        return ports;
    }
}
