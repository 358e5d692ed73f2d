package io.sockwatch.agent.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A lease is noted by the hook and matched to its socket by the scanner, through the pool's connection object. */
class PoolLeasesTest {
    private final SocketRegistry registry = new SocketRegistry(true);
    private final Object socket = new Object();
    private final Object connection = new Object();

    PoolLeasesTest() {
        registry.open(socket, SocketKind.SOCKET, 7);
        registry.connectionOwners(c -> c == connection ? socket : null);
    }

    @Test
    void aLeaseIsTheSocketsUntilItsConnectionIsReturned() {
        registry.leased(connection, "org.example.Pool", new Object());
        Map<SocketRecord, PoolLease> leases = registry.leases();
        assertEquals(1, leases.size());
        SocketRecord record = leases.keySet().iterator().next();
        assertSame(socket, record.get());
        PoolLease lease = leases.get(record);
        assertEquals("org.example.Pool", lease.pool);
        assertSame(Thread.currentThread(), lease.borrower.thread());
        assertNotSame(AllocationStack.NOT_SAMPLED, lease.borrow(new StackTable(16)), "stacks=all: the borrow's is taken");

        assertEquals("org.example.Pool", registry.returned(connection), "it goes back to the pool it came from");
        assertTrue(registry.leases().isEmpty());
        assertNull(registry.returned(connection), "returned once");
    }

    @Test
    void anAsyncRequestsLeaseHasTheStackOfItsCallNotOfTheThreadThatLeases() throws Exception {
        Object acquire = new Object();
        registry.asyncCall(acquire);
        Thread eventLoop = new Thread(() -> registry.leased(connection, "org.example.Pool", acquire));
        eventLoop.start();
        eventLoop.join();
        PoolLease lease = registry.leases().values().iterator().next();
        assertEquals(eventLoop, lease.borrower.thread());
        AllocationStack borrow = lease.borrow(new StackTable(16));
        assertTrue(borrow.frames().stream().anyMatch(f -> f.getClassName().startsWith("org.junit.")),
                "the test's stack, not the lease thread's: " + borrow.frames());
    }

    @Test
    void aReturnWhoseSocketTheHookMissedIsMarkedIdleByTheScanner() {
        registry.idleLater(connection, "org.example.Pool");
        assertTrue(registry.leases().isEmpty(), "an idle return is no lease");
        SocketRecord record = registry.live().iterator().next();
        assertEquals("org.example.Pool", record.idleIn());

        // leased again and used, ticks later (I/O in the return's tick or the next is the pool's own): idle no more
        record.used(new ThreadUse(Thread.currentThread()), record.idleSinceMillis() + 2 * Clock.RESOLUTION_MILLIS);
        assertNull(record.idleIn());
        assertTrue(registry.leases().isEmpty(), "applied once, then forgotten");
        assertNull(record.idleIn());
    }
}
