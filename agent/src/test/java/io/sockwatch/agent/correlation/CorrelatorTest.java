package io.sockwatch.agent.correlation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockwatch.agent.instrument.Endpoints;
import io.sockwatch.agent.kernel.KernelTable;
import io.sockwatch.agent.kernel.RowFilter;
import io.sockwatch.agent.kernel.TcpState;
import io.sockwatch.agent.kernel.TcpTableReader;
import io.sockwatch.agent.kernel.TcpTables;
import io.sockwatch.agent.registry.KernelObservation;
import io.sockwatch.agent.registry.SocketKind;
import io.sockwatch.agent.registry.SocketRecord;
import io.sockwatch.agent.registry.SocketRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Correlation against fixtures of /proc/self: tcp tables as text, fd directories of real symbolic links. */
class CorrelatorTest {
    private static final int CLOSE_WAIT = 0x08;
    private static final int ESTABLISHED = 0x01;
    private static final int LOCAL_PORT = 40000;
    private static final int SERVER_PORT = 8080;

    @TempDir
    Path dir;
    private ProcFixture proc;
    private Correlator correlator;
    private final SocketRegistry registry = new SocketRegistry(true);
    /** Owners stay reachable for the whole test, as an application's open sockets do. */
    private final List<Object> owners = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        proc = new ProcFixture(dir);
        correlator = new Correlator(dir, TcpTables.of(dir, null), "Linux");
    }

    private SocketRecord open(SocketKind kind, int fd) {
        Object owner = new Object();
        owners.add(owner);
        registry.open(owner, kind, fd);
        return registry.live().stream().filter(r -> r.get() == owner).findFirst().orElseThrow();
    }

    /** A socket whose JDK object holds these ports (0: not bound, not connected), on 127.0.0.1. */
    private static LiveSocket live(SocketRecord record, int localPort, int remotePort) {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        return new LiveSocket(record, Endpoints.of(new InetSocketAddress(loopback, localPort),
                new InetSocketAddress(loopback, remotePort)));
    }

    private Correlation scan(long now, LiveSocket... live) {
        return correlator.correlate(List.of(live), now);
    }

    private static List<SocketRecord> records(Correlation c) {
        return c.tracked();
    }

    @Test
    void theRowBehindTheFdGivesStateQueuesAndAddresses() throws IOException {
        SocketRecord r = open(SocketKind.SOCKET, 5);
        proc.fd(5, 1001);
        proc.row(1001, CLOSE_WAIT, LOCAL_PORT, SERVER_PORT, 1).row(1002, ESTABLISHED, SERVER_PORT, 5555, 0)
                .writeTable();

        Correlation c = scan(100, live(r, LOCAL_PORT, SERVER_PORT));

        KernelObservation seen = r.kernel();
        assertEquals(TcpState.CLOSE_WAIT, seen.state());
        assertEquals(1001, seen.inode());
        assertEquals(100, seen.sinceMillis());
        assertEquals(1, seen.rxQueue());
        assertEquals("127.0.0.1:" + SERVER_PORT, seen.remote());
        assertEquals("127.0.0.1:" + LOCAL_PORT, c.tracked().get(0).kernel().local());
        assertEquals(Integer.valueOf(1), c.namespaceStates().get(TcpState.ESTABLISHED), "every row is counted");
        assertNull(c.kernelProblem());
    }

    @Test
    void theStateKeepsItsSinceAcrossScans() throws IOException {
        SocketRecord r = open(SocketKind.SOCKET, 5);
        proc.fd(5, 1001);
        proc.row(1001, CLOSE_WAIT, LOCAL_PORT, SERVER_PORT, 1).writeTable();
        scan(100, live(r, LOCAL_PORT, SERVER_PORT));

        scan(200, live(r, LOCAL_PORT, SERVER_PORT));

        assertEquals(100, r.kernel().sinceMillis());
    }

    @Test
    void aRowMissingFromOneReadKeepsTheStateAndItsSince() throws IOException {
        SocketRecord r = open(SocketKind.SOCKET, 5);
        proc.fd(5, 1001);
        proc.row(1001, CLOSE_WAIT, LOCAL_PORT, SERVER_PORT, 1).writeTable();
        scan(100, live(r, LOCAL_PORT, SERVER_PORT));

        proc.writeTable(); // the page holding the row was read before the socket moved into it
        scan(200, live(r, LOCAL_PORT, SERVER_PORT));
        assertEquals(TcpState.CLOSE_WAIT, r.kernel().state());
        assertEquals(100, r.kernel().sinceMillis());

        proc.row(1001, CLOSE_WAIT, LOCAL_PORT, SERVER_PORT, 1).writeTable();
        scan(300, live(r, LOCAL_PORT, SERVER_PORT));
        assertEquals(TcpState.CLOSE_WAIT, r.kernel().state());
        assertEquals(100, r.kernel().sinceMillis());
        assertFalse(r.kernel().rowMissing());
    }

    @Test
    void aRowMissingFromTwoReadsInARowIsClose() throws IOException {
        SocketRecord r = open(SocketKind.SOCKET, 5);
        proc.fd(5, 1001);
        proc.row(1001, CLOSE_WAIT, LOCAL_PORT, SERVER_PORT, 1).writeTable();
        scan(100, live(r, LOCAL_PORT, SERVER_PORT));

        proc.writeTable();
        scan(200, live(r, LOCAL_PORT, SERVER_PORT));
        scan(300, live(r, LOCAL_PORT, SERVER_PORT));

        assertEquals(TcpState.CLOSE, r.kernel().state());
        assertEquals(300, r.kernel().sinceMillis());
        assertEquals(1001, r.kernel().inode());
    }

    @Test
    void aSocketNeverSeenWithARowIsCloseAtOnce() throws IOException {
        SocketRecord r = open(SocketKind.SOCKET, 5);
        proc.fd(5, 1001); // created, never bound or connected: the kernel prints no row
        proc.writeTable();

        Correlation c = scan(100, live(r, 0, 0));

        assertEquals(TcpState.CLOSE, r.kernel().state());
        assertNull(c.tracked().get(0).kernel().local());
    }

    @Test
    void aRowWithOtherPortsIsNotOurSocket() throws IOException {
        SocketRecord r = open(SocketKind.SOCKET, 5);
        proc.fd(5, 1001); // our socket was closed unseen; fd 5 now names another one
        proc.row(1001, CLOSE_WAIT, 41000, 9090, 1).writeTable();

        scan(100, live(r, LOCAL_PORT, SERVER_PORT));

        assertEquals(TcpState.UNKNOWN, r.kernel().state());
        assertEquals(-1, r.kernel().inode());
    }

    @Test
    void aCachedInodeWhoseFdNowNamesAnotherSocketIsUnknown() throws IOException {
        SocketRecord r = open(SocketKind.SOCKET, 5);
        proc.fd(5, 1001);
        proc.row(1001, ESTABLISHED, LOCAL_PORT, SERVER_PORT, 0).writeTable();
        scan(100, live(r, LOCAL_PORT, SERVER_PORT));

        proc.fd(5, 2002); // closed unseen, the number reused by a socket that happens to have the same ports
        proc.row(2002, CLOSE_WAIT, LOCAL_PORT, SERVER_PORT, 1).writeTable();
        scan(200, live(r, LOCAL_PORT, SERVER_PORT));

        assertEquals(TcpState.UNKNOWN, r.kernel().state());
    }

    @Test
    void aReclaimedSocketThatTheKernelStillHasIsReportedAtItsRecordUntilMissingTwice() throws IOException {
        SocketRecord r = open(SocketKind.SOCKET_CHANNEL, 5);
        proc.fd(5, 1001);
        proc.row(1001, CLOSE_WAIT, LOCAL_PORT, SERVER_PORT, 1).writeTable();
        scan(100, live(r, LOCAL_PORT, SERVER_PORT));

        correlator.reclaimed(r);
        proc.row(1001, CLOSE_WAIT, LOCAL_PORT, SERVER_PORT, 1).writeTable();
        Correlation found = scan(200);
        assertEquals(List.of(r), records(found));
        assertEquals("127.0.0.1:" + LOCAL_PORT, found.tracked().get(0).kernel().local());
        assertEquals(100, r.kernel().sinceMillis());
        assertEquals(Collections.emptyList(), found.unattributed(), "an orphan is not unattributed");

        proc.writeTable();
        Correlation missedOnce = scan(300);
        assertEquals(List.of(r), records(missedOnce), "one missing read keeps the orphan");
        assertEquals("127.0.0.1:" + LOCAL_PORT, missedOnce.tracked().get(0).kernel().local());
        assertEquals(TcpState.CLOSE_WAIT, r.kernel().state());

        assertEquals(Collections.emptyList(), records(scan(400)), "missing twice: gone");
        proc.row(1001, CLOSE_WAIT, LOCAL_PORT, SERVER_PORT, 1).writeTable();
        assertEquals(Collections.emptyList(), records(scan(500)), "forgotten for good");
    }

    @Test
    void aChannelReclaimedBeforeAnyScanIsFoundThroughTheFdItHadAtOpen() throws IOException {
        SocketRecord r = open(SocketKind.SOCKET_CHANNEL, 7);
        proc.fd(7, 3003);
        correlator.reclaimed(r);
        proc.row(3003, CLOSE_WAIT, LOCAL_PORT, SERVER_PORT, 1).writeTable();

        Correlation c = scan(100);

        assertEquals(List.of(r), records(c));
        assertEquals(TcpState.CLOSE_WAIT, r.kernel().state());
        assertEquals(Collections.emptyList(), c.unattributed());
    }

    @Test
    void aSocketReclaimedBeforeAnyScanWithoutAKnownFdIsLeftToTheKernelView() throws IOException {
        SocketRecord r = open(SocketKind.SOCKET, -1);
        proc.fd(7, 3003);
        correlator.reclaimed(r);
        proc.row(3003, CLOSE_WAIT, LOCAL_PORT, SERVER_PORT, 1).writeTable();

        Correlation c = scan(100);

        assertEquals(Collections.emptyList(), records(c));
        assertEquals(List.of(3003L), c.unattributed().stream().map(u -> u.row().inode()).collect(Collectors.toList()));
    }

    @Test
    void unattributedAreThisProcesssUnclaimedCloseWaitSocketsAndKeepTheirClockThroughOneMiss() throws IOException {
        SocketRecord r = open(SocketKind.SOCKET, 5);
        proc.fd(5, 1001);
        proc.fd(9, 4004);
        proc.row(1001, CLOSE_WAIT, LOCAL_PORT, SERVER_PORT, 1) // claimed by the record
                .row(4004, CLOSE_WAIT, 42000, SERVER_PORT, 1)   // ours, no record
                .row(5005, CLOSE_WAIT, 43000, SERVER_PORT, 1)   // another process's
                .writeTable();

        Correlation first = scan(100, live(r, LOCAL_PORT, SERVER_PORT));
        assertEquals(1, first.unattributed().size());
        UnattributedSocket u = first.unattributed().get(0);
        assertEquals(9, u.fd());
        assertEquals(4004, u.row().inode());
        assertEquals(100, u.sinceMillis());

        proc.row(1001, CLOSE_WAIT, LOCAL_PORT, SERVER_PORT, 1).writeTable();
        assertEquals(Collections.emptyList(), scan(200, live(r, LOCAL_PORT, SERVER_PORT)).unattributed());

        proc.row(4004, CLOSE_WAIT, 42000, SERVER_PORT, 1).writeTable();
        assertEquals(100, scan(300, live(r, LOCAL_PORT, SERVER_PORT)).unattributed().get(0).sinceMillis());

        proc.writeTable();
        scan(400, live(r, LOCAL_PORT, SERVER_PORT));
        scan(500, live(r, LOCAL_PORT, SERVER_PORT));
        proc.row(4004, CLOSE_WAIT, 42000, SERVER_PORT, 1).writeTable();
        assertEquals(600, scan(600, live(r, LOCAL_PORT, SERVER_PORT)).unattributed().get(0).sinceMillis(),
                "missing twice restarts the clock");
    }

    @Test
    void peerHostsAreSharedBetweenSockets() throws IOException {
        SocketRecord a = open(SocketKind.SOCKET, 5);
        SocketRecord b = open(SocketKind.SOCKET, 6);
        proc.fd(5, 1001);
        proc.fd(6, 1002);
        proc.row(1001, ESTABLISHED, LOCAL_PORT, SERVER_PORT, 0).row(1002, ESTABLISHED, LOCAL_PORT + 1, SERVER_PORT, 0)
                .writeTable();

        scan(100, live(a, LOCAL_PORT, SERVER_PORT), live(b, LOCAL_PORT + 1, SERVER_PORT));

        assertEquals("127.0.0.1", a.kernel().remoteHost());
        assertTrue(a.kernel().remoteHost() == b.kernel().remoteHost(), "one String for both");
    }

    @Test
    void withoutLinuxEverySocketIsUnknownAndTheReportSaysWhy() throws IOException {
        SocketRecord r = open(SocketKind.SOCKET, 5);
        proc.fd(5, 1001);
        proc.row(1001, CLOSE_WAIT, LOCAL_PORT, SERVER_PORT, 1).writeTable();

        Correlation c = new Correlator(dir, TcpTables.of(dir, null), "Mac OS X").correlate(List.of(live(r, LOCAL_PORT, SERVER_PORT)), 100);

        assertEquals(TcpState.UNKNOWN, r.kernel().state());
        assertTrue(c.kernelProblem().contains("only read on Linux (this is Mac OS X)"), c.kernelProblem());
        assertTrue(c.namespaceStates().isEmpty());
        assertEquals("127.0.0.1:" + LOCAL_PORT, c.tracked().get(0).kernel().local());
    }

    @Test
    void anUnreadableTableIsAProblemNamingTheDirectory() throws IOException {
        SocketRecord r = open(SocketKind.SOCKET, 5);
        proc.fd(5, 1001);
        Files.deleteIfExists(dir.resolve("net/tcp"));

        Correlation c = scan(100, live(r, LOCAL_PORT, SERVER_PORT));

        assertEquals(TcpState.UNKNOWN, r.kernel().state());
        assertTrue(c.kernelProblem().contains(dir.resolve("net").toString()), c.kernelProblem());
    }

    /**
     * Whether a CLOSE_WAIT row is ours takes a readlink of every fd of the process: a neighbour's row is looked up
     * once while it stays, not at every scan; ours is checked at its own fd.
     */
    @Test
    void aNeighboursCloseWaitRowListsTheFdsOnceAndOursIsCheckedAtItsFd() throws IOException {
        SocketRecord r = open(SocketKind.SOCKET, 5);
        proc.fd(5, 1001);
        proc.fd(9, 4004);
        proc.row(1001, ESTABLISHED, LOCAL_PORT, SERVER_PORT, 0)
                .row(4004, CLOSE_WAIT, 42000, SERVER_PORT, 1)   // ours, no record
                .row(5005, CLOSE_WAIT, 43000, SERVER_PORT, 1);  // another process's
        proc.writeTable();
        assertEquals(List.of(4004L), unattributedInodes(scan(100, live(r, LOCAL_PORT, SERVER_PORT))));

        // a probe: were the fds listed again, fd 10 would make 5005 ours
        proc.fd(10, 5005);
        proc.row(1001, ESTABLISHED, LOCAL_PORT, SERVER_PORT, 0).row(4004, CLOSE_WAIT, 42000, SERVER_PORT, 1)
                .row(5005, CLOSE_WAIT, 43000, SERVER_PORT, 1).writeTable();
        assertEquals(List.of(4004L), unattributedInodes(scan(200, live(r, LOCAL_PORT, SERVER_PORT))));

        // once its row is gone, the inode is forgotten: a later row of it is looked up again
        proc.row(1001, ESTABLISHED, LOCAL_PORT, SERVER_PORT, 0).row(4004, CLOSE_WAIT, 42000, SERVER_PORT, 1)
                .writeTable();
        scan(300, live(r, LOCAL_PORT, SERVER_PORT));
        proc.row(1001, ESTABLISHED, LOCAL_PORT, SERVER_PORT, 0).row(4004, CLOSE_WAIT, 42000, SERVER_PORT, 1)
                .row(5005, CLOSE_WAIT, 43000, SERVER_PORT, 1).writeTable();
        assertEquals(List.of(4004L, 5005L), unattributedInodes(scan(400, live(r, LOCAL_PORT, SERVER_PORT))));
    }

    private static List<Long> unattributedInodes(Correlation c) {
        return c.unattributed().stream().map(u -> u.row().inode()).sorted().collect(Collectors.toList());
    }

    @Test
    void aRowAsLastSeenBecomesNoTcpRowAndAChangedOneUpdatesTheObservation() throws IOException {
        SocketRecord r = open(SocketKind.SOCKET, 5);
        proc.fd(5, 1001);
        proc.row(1001, ESTABLISHED, LOCAL_PORT, SERVER_PORT, 0).writeTable();
        List<KernelTable> tables = new ArrayList<>();
        TcpTableReader files = TcpTables.of(dir, null);
        Correlator keepingTables = new Correlator(dir, new TcpTableReader() {
            @Override
            public KernelTable read(RowFilter filter) throws IOException {
                KernelTable table = files.read(filter);
                tables.add(table);
                return table;
            }

            @Override
            public String source() {
                return files.source();
            }
        }, "Linux");
        keepingTables.correlate(List.of(live(r, LOCAL_PORT, SERVER_PORT)), 100);
        KernelObservation first = r.kernel();

        Correlation quiet = keepingTables.correlate(List.of(live(r, LOCAL_PORT, SERVER_PORT)), 200);

        assertNotNull(tables.get(0).row(1001), "a socket seen for the first time gets its row");
        assertNull(tables.get(1).row(1001), "no row made for what the record already knows");
        assertSame(first, r.kernel());
        assertEquals(List.of(r), quiet.tracked());

        proc.row(1001, ESTABLISHED, LOCAL_PORT, SERVER_PORT, 7).writeTable(); // data arrived
        keepingTables.correlate(List.of(live(r, LOCAL_PORT, SERVER_PORT)), 300);
        assertEquals(7, r.kernel().rxQueue());
        assertEquals(100, r.kernel().sinceMillis(), "same state: since unchanged");
    }
}
