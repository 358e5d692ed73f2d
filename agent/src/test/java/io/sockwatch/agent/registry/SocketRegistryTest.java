package io.sockwatch.agent.registry;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.ref.WeakReference;
import org.junit.jupiter.api.Test;

class SocketRegistryTest {

    @Test
    void ioOnAnUntrackedSocketLeavesTheTrackedOnesAsTheyWere() {
        SocketRegistry registry = new SocketRegistry(false);
        Object tracked = new Object();
        registry.open(tracked, SocketKind.SOCKET, 7);
        registry.used(new Object()); // opened before an attach: not tracked
        registry.used(tracked);
        SocketRecord record = registry.live().iterator().next();
        assertNotNull(record.lastUse());
        assertSame(Thread.currentThread(), record.lastUse().thread());
    }

    @Test
    void theThreadsLookupKeyKeepsNoSocketAlive() throws InterruptedException {
        SocketRegistry registry = new SocketRegistry(false);
        Object untracked = new Object();
        WeakReference<Object> gone = new WeakReference<>(untracked);
        registry.open(new Object(), SocketKind.SOCKET, 7); // a record holds this thread's ThreadUse strongly
        registry.used(untracked);
        untracked = null;
        for (int i = 0; i < 20 && gone.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertNull(gone.get());
    }
}
