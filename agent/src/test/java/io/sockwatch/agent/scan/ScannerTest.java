package io.sockwatch.agent.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockwatch.agent.kernel.TcpState;
import io.sockwatch.agent.kernel.TcpTables;
import io.sockwatch.agent.registry.InternalErrors;
import io.sockwatch.agent.registry.SocketKind;
import io.sockwatch.agent.registry.SocketRegistry;
import io.sockwatch.agent.registry.StackTable;
import io.sockwatch.agent.report.FrameFilter;
import io.sockwatch.agent.report.LeakReport;
import io.sockwatch.agent.report.PortUse;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scanner bookkeeping that needs no JDK socket object (its reading of those is covered by the ITs): records whose
 * owner is a plain object, with either no fd or the fd of a real loopback socket of this JVM.
 */
class ScannerTest {
    private static final Path PROC_SELF = Paths.get("/proc/self");
    private static final int QUIET = 300;

    @TempDir
    Path procSelf;

    @Test
    void aSocketTheGcClearedIsReclaimedInTheSameReportBeforeTheJdkQueuesIt() {
        SocketRegistry registry = new SocketRegistry(true);
        Object owner = new Object();
        registry.open(owner, SocketKind.SOCKET, -1);
        Scanner scanner = new Scanner(registry, new StackTable(10), new InternalErrors(), procSelf,
                TcpTables.of(procSelf, null));
        FrameFilter filter = new FrameFilter(List.of());

        registry.live().iterator().next().clear(); // what the GC does, before the reference handler queues it
        LeakReport report = scanner.scan(Duration.ofSeconds(30), false, filter, true);
        assertEquals(0, report.trackedCount());
        assertEquals(1, report.reclaimedCount());
        assertEquals(1, registry.reclaimed().get(SocketKind.SOCKET));
        assertEquals(List.of(), registry.drainReclaimed(), "not counted twice");
        assertEquals(1, scanner.scan(Duration.ofSeconds(30), false, filter, true).reclaimedCount());
    }

    /**
     * A periodic scan makes a snapshot only for the sockets its summary, history and leak events read, and counts
     * the others: the same counts, leaks and ports per destination as a scan of every socket, for much less garbage.
     */
    @Test
    void aPeriodicScanSnapshotsOnlyNotableSocketsAndCountsEveryOne() throws IOException {
        SocketRegistry registry = new SocketRegistry(true);
        List<Object> owners = new ArrayList<>();
        List<SocketChannel> channels = new ArrayList<>();
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            for (int i = 0; i < QUIET + 2; i++) {
                Set<Integer> before = socketFds();
                SocketChannel client = SocketChannel.open(server.getLocalAddress());
                Set<Integer> fds = socketFds();
                fds.removeAll(before);
                SocketChannel accepted = server.accept();
                channels.add(client);
                if (i < 2) {
                    accepted.close(); // the client goes to CLOSE_WAIT: a leak at a zero threshold
                } else {
                    channels.add(accepted);
                }
                Object owner = new Object();
                owners.add(owner);
                registry.open(owner, SocketKind.SOCKET_CHANNEL, fds.iterator().next());
            }
            Scanner scanner = new Scanner(registry, new StackTable(10), new InternalErrors(), PROC_SELF,
                    TcpTables.of(PROC_SELF, null));
            FrameFilter filter = new FrameFilter(List.of());
            Duration threshold = Duration.ZERO;
            LeakReport every = null;
            LeakReport notable = null;
            long everyBytes = 0;
            long notableBytes = 0;
            for (int round = 0; round < 5; round++) { // the last round's figures: compiled, caches filled
                long start = allocated();
                every = scanner.scan(threshold, false, filter, true);
                long middle = allocated();
                notable = scanner.scan(threshold, false, filter, false);
                everyBytes = middle - start;
                notableBytes = allocated() - middle;
            }

            assertEquals(QUIET + 2, every.trackedCount());
            assertEquals(QUIET + 2, every.sockets.size());
            assertEquals(Map.of(TcpState.ESTABLISHED, QUIET, TcpState.CLOSE_WAIT, 2), notable.states);
            assertEquals(QUIET + 2, notable.trackedCount());
            assertEquals(2, notable.sockets.size(), "the CLOSE_WAIT leaks only");
            assertEquals(2, notable.leakCount());
            assertEquals(every.leakCount(), notable.leakCount());
            assertEquals(1, notable.ports.size());
            PortUse destination = notable.ports.get(0);
            assertEquals(every.ports.get(0).remote, destination.remote);
            assertEquals(QUIET + 2, destination.open);
            assertEquals(every.ports.get(0).sites, destination.sites);
            assertEquals(every.summary(1).trackedSockets, notable.summary(1).trackedSockets);
            System.out.printf("scan of %d quiet sockets: %,d bytes for every socket, %,d for the notable ones%n",
                    QUIET, everyBytes, notableBytes);
            // a snapshot, its two address texts and last-I/O note are ~250 B per socket
            assertTrue(everyBytes - notableBytes > 150L * QUIET, everyBytes + " against " + notableBytes);
        } finally {
            for (SocketChannel c : channels) {
                c.close();
            }
        }
    }

    private static Set<Integer> socketFds() throws IOException {
        Set<Integer> fds = new HashSet<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(PROC_SELF.resolve("fd"))) {
            for (Path fd : dir) {
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith("socket:")) {
                        fds.add(Integer.parseInt(fd.getFileName().toString()));
                    }
                } catch (IOException closedMeanwhile) {
                    // the directory stream's own fd, or one closed since the listing
                }
            }
        }
        return fds;
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }
}
