package io.sockwatch.agent.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import org.junit.jupiter.api.Test;

class LookalikesTest {
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
        Object owner = watchedOwner();
        SocketRecord leaked = new SocketRecord(owner, queue, SocketKind.SOCKET, -1, worker, null);
        lookalikes.watch(leaked);
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
        SocketRecord closed = new SocketRecord(watchedOwner(), queue, SocketKind.SOCKET, -1, use("worker-1"), null);
        lookalikes.watch(closed);
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

    /** An owner whose socket {@link Lookalikes#watch} notes: it notes one in {@link Lookalikes#WATCH_ONE_IN}, by hash. */
    private static Object watchedOwner() {
        while (true) {
            Object owner = new Object();
            if (System.identityHashCode(owner) % Lookalikes.WATCH_ONE_IN == 0) {
                return owner;
            }
        }
    }

    private static ThreadUse use(String name) {
        return new ThreadUse(new Thread(() -> { }, name));
    }
}
