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
        registry.leased(connection, "org.example.Pool");
        Map<SocketRecord, PoolLease> leases = registry.leases();
        assertEquals(1, leases.size());
        SocketRecord record = leases.keySet().iterator().next();
        assertSame(socket, record.get());
        PoolLease lease = leases.get(record);
        assertEquals("org.example.Pool", lease.pool);
        assertSame(Thread.currentThread(), lease.borrower.thread());
        assertNotSame(AllocationStack.NOT_SAMPLED, lease.borrow(new StackTable(16)), "stacks=all: the borrow's is taken");

        registry.returned(connection);
        assertTrue(registry.leases().isEmpty());
    }

    @Test
    void aReturnWhoseSocketTheHookMissedIsMarkedIdleByTheScanner() {
        registry.idleLater(connection, "org.example.Pool");
        assertTrue(registry.leases().isEmpty(), "an idle return is no lease");
        SocketRecord record = registry.live().iterator().next();
        assertEquals("org.example.Pool", record.idleIn());

        registry.used(socket); // leased again and used: idle no more
        assertNull(record.idleIn());
        assertTrue(registry.leases().isEmpty(), "applied once, then forgotten");
        assertNull(record.idleIn());
    }
}
