package io.sockwatch.agent.correlation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockwatch.agent.kernel.TcpState;
import io.sockwatch.agent.registry.AllocationStack;
import io.sockwatch.agent.registry.SocketKind;
import java.util.LinkedHashMap;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ActiveClosesTest {
    private static final String PEER = "10.0.0.7";
    private static final AllocationStack NONE = AllocationStack.NOT_SAMPLED;

    @Test
    void aClosedConnectionNamesItsLingeringRowsOnlyByItsWholeTuple() {
        ActiveCloses closes = new ActiveCloses();
        closes.add(SocketKind.SOCKET, 40000, PEER, 443, 1_000, NONE, NONE);
        closes.expire(2_000);
        ActiveClose c = match(closes, TcpState.TIME_WAIT, 40000, PEER, 443);
        assertNotNull(c);
        assertEquals(SocketKind.SOCKET, c.kind());
        assertEquals(PEER, c.remoteHost());
        assertEquals(443, c.remotePort());
        assertEquals(1_000, c.closedAtMillis());
        assertSame(c, match(closes, TcpState.TIME_WAIT, 40000, PEER, 443), "made once while it lingers");
        assertNotNull(match(closes, TcpState.FIN_WAIT2, 40000, PEER, 443));
        assertNull(match(closes, TcpState.TIME_WAIT, 40000, PEER, 444));
        assertNull(match(closes, TcpState.TIME_WAIT, 40000, "10.0.0.8", 443));
        assertNull(match(closes, TcpState.TIME_WAIT, 40001, PEER, 443));
        assertNull(match(closes, TcpState.CLOSE_WAIT, 40000, PEER, 443), "the passive end is not ours to name");
        assertNull(closes.match(TcpState.TIME_WAIT, 77, 40000, PEER, 443), "a row with an inode has an owner");
    }

    @Test
    void aNewerCloseOfTheSameTupleReplacesTheOlder() {
        ActiveCloses closes = new ActiveCloses();
        closes.add(SocketKind.SOCKET, 40000, PEER, 443, 1_000, NONE, NONE);
        closes.add(SocketKind.SOCKET_CHANNEL, 40000, PEER, 443, 1_500, NONE, NONE);
        assertEquals(1, closes.size());
        closes.expire(2_000);
        assertEquals(SocketKind.SOCKET_CHANNEL, match(closes, TcpState.TIME_WAIT, 40000, PEER, 443).kind());
    }

    @Test
    void closesOlderThanAnyRowCanBeAreForgotten() {
        ActiveCloses closes = new ActiveCloses();
        closes.add(SocketKind.SOCKET, 40000, PEER, 443, 1_000, NONE, NONE);
        closes.add(SocketKind.SOCKET, 40001, PEER, 443, 100_000, NONE, NONE);
        closes.expire(1_000 + ActiveCloses.WINDOW_MILLIS + 1);
        assertEquals(1, closes.size());
        assertNull(match(closes, TcpState.TIME_WAIT, 40000, PEER, 443));
        assertNotNull(match(closes, TcpState.TIME_WAIT, 40001, PEER, 443));
        closes.expire(100_000 + ActiveCloses.WINDOW_MILLIS + 1);
        assertFalse(closes.mayMatchTimeWait());
    }

    @Test
    void beyondCapacityTheOldestGoFirst() {
        ActiveCloses closes = new ActiveCloses();
        int total = ActiveCloses.CAPACITY + 100;
        for (int i = 0; i < total; i++) {
            closes.add(SocketKind.SOCKET, 1 + i % 60_000, PEER, 1 + i / 60_000, i, NONE, NONE);
        }
        assertEquals(ActiveCloses.CAPACITY, closes.size());
        closes.expire(total);
        for (int i = 0; i < total; i++) {
            boolean kept = match(closes, TcpState.TIME_WAIT, 1 + i % 60_000, PEER, 1 + i / 60_000) != null;
            assertEquals(i >= 100, kept, "close " + i);
        }
    }

    /** Random adds, re-closes and expiries against a plain model: the index and the ring stay consistent. */
    @Test
    void agreesWithASimpleModelUnderRandomChurn() {
        Random random = new Random(42);
        ActiveCloses closes = new ActiveCloses();
        LinkedHashMap<Integer, Long> model = new LinkedHashMap<>();
        long now = 0;
        for (int step = 0; step < 200_000; step++) {
            now += random.nextInt(3);
            int port = 1 + random.nextInt(5_000);
            closes.add(SocketKind.SOCKET, port, PEER, 80, now, NONE, NONE);
            model.remove(port);
            model.put(port, now);
            if (random.nextInt(20_000) == 0) {
                now += ActiveCloses.WINDOW_MILLIS / 2;
                closes.expire(now);
                long cut = now;
                model.values().removeIf(t -> cut - t > ActiveCloses.WINDOW_MILLIS);
            }
        }
        closes.expire(now);
        assertEquals(model.size(), closes.size());
        for (int port = 1; port <= 5_000; port++) {
            ActiveClose c = match(closes, TcpState.TIME_WAIT, port, PEER, 80);
            Long closedAt = model.get(port);
            assertEquals(closedAt, c == null ? null : c.closedAtMillis(), "port " + port);
        }
        assertTrue(closes.size() > 0);
    }

    private static ActiveClose match(ActiveCloses closes, TcpState state, int localPort, String host, int remotePort) {
        return closes.match(state, 0, localPort, host, remotePort);
    }
}
