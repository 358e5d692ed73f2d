package io.sockwatch.agent.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import org.junit.jupiter.api.Test;

class LookalikesTest {
    /** A draw that makes {@link Lookalikes#watch} note its socket: it notes one in {@link Lookalikes#WATCH_ONE_IN}. */
    private static final int WATCHED_DRAW = Lookalikes.WATCH_ONE_IN * 5;
    private final ReferenceQueue<Object> queue = new ReferenceQueue<>();

    @Test
    void threadsOfOnePoolShareTheirPool() {
        assertEquals("pool-#-thread-#", ThreadUse.poolOf("pool-3-thread-12"));
        assertEquals("HttpClient-#-Worker-#", ThreadUse.poolOf("HttpClient-1-Worker-0"));
        assertEquals("main", ThreadUse.poolOf("main"));
        assertEquals("", ThreadUse.poolOf(""));
    }

    @Test
    void anUnclosedUnsampledSocketMakesItsPoolSampledAndOnlyThatPool() {
        Lookalikes lookalikes = new Lookalikes();
        ThreadUse worker = use("worker-1");
        ThreadUse sibling = use("worker-2");
        ThreadUse other = use("scheduler");
        Object owner = new Object();
        SocketRecord leaked = new SocketRecord(owner, queue, SocketKind.SOCKET, -1, worker, null);
        lookalikes.watch(leaked, WATCHED_DRAW);
        long opened = leaked.openedAtMillis();
        lookalikes.checkUnclosed(opened + Lookalikes.UNCLOSED_AFTER_MILLIS - 1);
        assertFalse(lookalikes.capture(sibling), "not yet: young sockets are the churn itself");
        lookalikes.checkUnclosed(opened + Lookalikes.UNCLOSED_AFTER_MILLIS);
        assertTrue(lookalikes.capture(sibling));
        assertFalse(lookalikes.capture(other));
        lookalikes.checkUnclosed(opened + Lookalikes.UNCLOSED_AFTER_MILLIS + Lookalikes.REMEMBER_MILLIS);
        assertFalse(lookalikes.capture(sibling), "forgotten after a quiet while");
        Reference.reachabilityFence(owner);
    }

    @Test
    void aClosedSocketIsNoSignAndGivesUpItsSlot() {
        Lookalikes lookalikes = new Lookalikes();
        SocketRecord closed = new SocketRecord(new Object(), queue, SocketKind.SOCKET, -1, use("worker-1"), null);
        lookalikes.watch(closed, WATCHED_DRAW);
        closed.closed();
        lookalikes.checkUnclosed(closed.openedAtMillis() + Lookalikes.UNCLOSED_AFTER_MILLIS);
        assertFalse(lookalikes.capture(use("worker-2")));
    }

    @Test
    void atMostABoundedNumberOfPoolsAndTheLongestQuietGoesFirst() {
        Lookalikes lookalikes = new Lookalikes();
        for (int i = 0; i <= Lookalikes.MAX_POOLS; i++) {
            lookalikes.leaked(use("pool" + (char) ('a' + i)), 1_000 + i);
        }
        assertFalse(lookalikes.capture(use("poola")));
        assertTrue(lookalikes.capture(use("poolb")));
        assertTrue(lookalikes.capture(use("pool" + (char) ('a' + Lookalikes.MAX_POOLS))));
    }

    private static ThreadUse use(String name) {
        return new ThreadUse(new Thread(() -> { }, name));
    }
}
