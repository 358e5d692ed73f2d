package io.sockwatch.agent.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * The JDK HttpClient's pool reads a returned connection to watch for the server's close, sometimes just after
     * the return's hook: I/O in the tick of the return or the next keeps the idle mark, later I/O is a new lease.
     */
    @Test
    void ioInTheTickOfTheReturnToAPoolKeepsTheIdleMarkAndLaterIoEndsIt() {
        SocketRegistry registry = new SocketRegistry(false);
        Object owner = new Object();
        registry.open(owner, SocketKind.SOCKET_CHANNEL, 7);
        SocketRecord record = registry.live().iterator().next();
        ThreadUse selector = new ThreadUse(Thread.currentThread());

        record.idle("jdk.internal.net.http.ConnectionPool", 1000);
        record.used(selector, 1000);
        assertEquals("jdk.internal.net.http.ConnectionPool", record.idleIn(), "the pool's own read, same tick");

        record.used(selector, 1000 + Clock.RESOLUTION_MILLIS);
        assertEquals("jdk.internal.net.http.ConnectionPool", record.idleIn(), "the next tick");

        record.used(selector, 1000 + 2 * Clock.RESOLUTION_MILLIS);
        assertNull(record.idleIn(), "leased again");
    }

    /**
     * A thread's current stack is shown for a leaked socket only while that socket is the thread's last (the scanner's
     * "moved on"): going back to a socket must make it the last again.
     */
    @Test
    void aThreadThatGoesBackToASocketMakesItItsLastAgain() {
        SocketRegistry registry = new SocketRegistry(false);
        Object first = new Object();
        Object second = new Object();
        SocketRecord a = opened(registry, first);
        SocketRecord b = opened(registry, second);

        registry.used(first);
        registry.used(first);
        registry.used(second);
        assertFalse(a.lastUse().lastUsed(a), "moved on to the second");
        assertTrue(b.lastUse().lastUsed(b));

        registry.used(first);
        registry.used(first);
        assertTrue(a.lastUse().lastUsed(a), "back on the first");
        assertFalse(b.lastUse().lastUsed(b), "moved on from the second");
    }

    /** Threads take turns on one socket (a pooled connection): each use is noted as the taking thread's. */
    @Test
    void threadsTakingTurnsOnASocketEachBecomeItsLastUser() throws InterruptedException {
        SocketRegistry registry = new SocketRegistry(false);
        Object owner = new Object();
        SocketRecord record = opened(registry, owner);
        registry.used(owner);
        registry.used(owner);
        Thread other = new Thread(() -> {
            registry.used(owner);
            registry.used(owner);
        });
        other.start();
        other.join();
        assertSame(other, record.lastUse().thread());

        registry.used(owner);
        assertSame(Thread.currentThread(), record.lastUse().thread());
    }

    /**
     * The I/O hook finds a thread's last socket by thread id, and ids 256 apart share a slot: such threads using their
     * own sockets in turn must each be noted on their own socket, never on the other's.
     */
    @Test
    void threadsWhoseIdsShareASlotAreNotedOnTheirOwnSockets() throws InterruptedException {
        SocketRegistry registry = new SocketRegistry(false);
        Object mine = new Object();
        Object theirs = new Object();
        SocketRecord myRecord = opened(registry, mine);
        SocketRecord theirRecord = opened(registry, theirs);
        long me = Thread.currentThread().getId();
        List<Thread> made = new ArrayList<>();
        Thread twin;
        do { // ids are handed out in order: one of the next 256 threads made shares this thread's slot
            twin = new Thread(() -> {
                registry.used(theirs);
                registry.used(theirs);
                registry.used(mine); // and one read on this thread's socket
            });
            made.add(twin);
        } while ((twin.getId() - me) % 256 != 0 && made.size() < 10_000);
        assertEquals(0, (twin.getId() - me) % 256, "no thread with an id sharing this thread's slot");

        registry.used(mine);
        registry.used(mine);
        twin.start();
        twin.join();
        assertSame(twin, theirRecord.lastUse().thread());
        assertSame(twin, myRecord.lastUse().thread(), "the twin's read on this thread's socket");
        assertTrue(myRecord.lastUse().lastUsed(myRecord));

        registry.used(mine);
        assertSame(Thread.currentThread(), myRecord.lastUse().thread(), "this thread's read after the twin's");
        assertTrue(myRecord.lastUse().lastUsed(myRecord));
        assertSame(twin, theirRecord.lastUse().thread());
    }

    /** A socket owner that knows its fd, as a channel does. */
    private static final class FdOwner {
        final int fd;

        FdOwner(int fd) {
            this.fd = fd;
        }
    }

    private static SocketRegistry indexingByFd() {
        SocketRegistry registry = new SocketRegistry(false);
        registry.indexByFd(owner -> owner instanceof FdOwner ? ((FdOwner) owner).fd : -1);
        return registry;
    }

    @Test
    void aSocketTrackedByFdIsFoundByItsOwnerUntilItsClose() {
        SocketRegistry registry = indexingByFd();
        FdOwner owner = new FdOwner(9);
        registry.open(owner, SocketKind.SOCKET_CHANNEL, 9);
        registry.open(owner, SocketKind.SOCKET_CHANNEL, 9); // a chained constructor's second exit
        assertEquals(1, registry.live().size());
        assertEquals(1, registry.opened().total());
        SocketRecord record = registry.live().iterator().next();
        assertNotEquals(System.identityHashCode(owner), record.hashCode(), "a record by fd never hashes its owner");

        registry.used(owner);
        assertSame(Thread.currentThread(), record.lastUse().thread());
        registry.idle(owner, "a.Pool");
        assertEquals("a.Pool", record.idleIn());

        assertNull(registry.untrack(new FdOwner(9)), "another owner with the same fd number is not this socket");
        assertSame(record, registry.untrack(owner));
        assertNull(registry.untrack(owner), "a second close");
        assertTrue(registry.isEmpty());
    }

    /** An fd closed behind the JDK's back and opened again while its first owner is still tracked: both are tracked. */
    @Test
    void aSocketWhoseFdSlotIsTakenIsTrackedByItsOwner() {
        SocketRegistry registry = indexingByFd();
        FdOwner first = new FdOwner(11);
        FdOwner second = new FdOwner(11);
        registry.open(first, SocketKind.SOCKET_CHANNEL, 11);
        registry.open(second, SocketKind.SOCKET_CHANNEL, 11);
        assertEquals(2, registry.live().size());

        SocketRecord secondRecord = registry.untrack(second);
        assertNotNull(secondRecord);
        assertSame(second, secondRecord.get());
        assertSame(first, registry.untrack(first).get());
        assertTrue(registry.isEmpty());
    }

    @Test
    void aSocketTrackedByFdThatTheGcReclaimsIsReported() throws InterruptedException {
        SocketRegistry registry = indexingByFd();
        registry.open(new FdOwner(12), SocketKind.SOCKET_CHANNEL, 12);
        List<SocketRecord> reclaimed = new ArrayList<>();
        for (int i = 0; i < 50 && reclaimed.isEmpty(); i++) {
            System.gc();
            Thread.sleep(10);
            reclaimed.addAll(registry.drainReclaimed());
        }
        assertEquals(1, reclaimed.size());
        assertTrue(registry.isEmpty());
        assertEquals(1, registry.reclaimed().total());
    }

    @Test
    void socketsByFdInSeveralPagesAndAboveTheIndexAreAllListed() {
        SocketRegistry registry = indexingByFd();
        List<FdOwner> owners = List.of(new FdOwner(3), new FdOwner(FdIndex.PAGE_SIZE + 1),
                new FdOwner(5 * FdIndex.PAGE_SIZE), new FdOwner(FdIndex.MAX_FD + 1));
        for (FdOwner owner : owners) {
            registry.open(owner, SocketKind.SOCKET_CHANNEL, owner.fd);
        }
        List<Object> listed = new ArrayList<>();
        registry.live().forEach(r -> listed.add(r.get()));
        assertEquals(owners.size(), registry.live().size());
        assertTrue(listed.containsAll(owners), listed.toString());
        for (FdOwner owner : owners) {
            assertSame(owner, registry.untrack(owner).get());
        }
        assertTrue(registry.isEmpty());
    }

    /** As for the I/O hook: the open hook finds the opening thread by thread id, and must not take a twin's for its own. */
    @Test
    void threadsWhoseIdsShareASlotOpenAsThemselves() throws InterruptedException {
        SocketRegistry registry = new SocketRegistry(false);
        Object before = new Object();
        opened(registry, before);
        long me = Thread.currentThread().getId();
        Object theirs = new Object();
        List<Thread> made = new ArrayList<>();
        Thread twin;
        do {
            twin = new Thread(() -> registry.open(theirs, SocketKind.SOCKET, 8));
            made.add(twin);
        } while ((twin.getId() - me) % 256 != 0 && made.size() < 10_000);
        assertEquals(0, (twin.getId() - me) % 256, "no thread with an id sharing this thread's slot");
        twin.start();
        twin.join();
        Object mine = new Object();
        SocketRecord myRecord = opened(registry, mine);
        SocketRecord theirRecord = registry.live().stream().filter(r -> r.get() == theirs).findFirst().orElseThrow();
        assertSame(twin, theirRecord.opener().thread());
        assertSame(Thread.currentThread(), myRecord.opener().thread());
    }

    private static SocketRecord opened(SocketRegistry registry, Object owner) {
        registry.open(owner, SocketKind.SOCKET, 7);
        for (SocketRecord r : registry.live()) {
            if (r.get() == owner) {
                return r;
            }
        }
        throw new AssertionError("not tracked");
    }
}
