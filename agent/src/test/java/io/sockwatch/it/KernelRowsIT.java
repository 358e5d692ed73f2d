package io.sockwatch.it;

import static io.sockwatch.testing.Reports.list;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockwatch.it.apps.KernelRowKinds;
import io.sockwatch.testing.AgentRun;
import io.sockwatch.testing.Reports;
import io.sockwatch.testing.TestJdk;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The kernel's view of each socket reads the same through either reader (NETLINK_SOCK_DIAG on JDK 25, /proc on
 * JDK 17): IPv6 addresses, receive queues (unread bytes, a listener's accept queue), send queues, states, and the
 * namespace's TIME_WAIT count, which the netlink reader takes from sockstat while the process has closed nothing
 * first. (CLOSE_WAIT and its unread FIN: LeakReportIT; TIME_WAIT rows of our own closes: TimeWaitIT.)
 */
class KernelRowsIT {
    private static final int TIME_WAIT_ROWS = 200;

    @ParameterizedTest
    @EnumSource(TestJdk.class)
    void everyColumnReadsTheSameWhicheverReaderReadsIt(TestJdk jdk, @TempDir Path dir) throws Exception {
        leaveTimeWaitRows();
        AgentRun run = AgentRun.run(jdk, dir, "interval=100ms", KernelRowKinds.class);
        assertEquals(0, run.exitCode, run.describe());
        String[] ports = run.stdout.lines().filter(l -> l.startsWith("ports ")).findFirst().orElseThrow()
                .split(" ");
        String listener6 = "[::1]:" + ports[1];
        Map<String, Object> report = run.snapshot("rows");
        assertEquals(jdk == TestJdk.JDK25 ? "netlink" : "proc", report.get("kernelReader"));
        // by kind and local end: an accepted socket's local end is its listener's
        Map<String, Map<String, Object>> byLocal = list(report, "sockets").stream()
                .collect(Collectors.toMap(s -> s.get("kind") + " " + s.get("local"), s -> s));

        assertRow(byLocal.get("SERVER_SOCKET " + listener6), "LISTEN", listener6, "[::]:0", 1, 0, "the accept queue holds one connection");
        assertRow(byLocal.get("SOCKET [::1]:" + ports[2]), "ESTABLISHED", "[::1]:" + ports[2], listener6, 100, 0,
                "100 bytes unread");
        assertRow(byLocal.get("SOCKET [::1]:" + ports[3]), "ESTABLISHED", "[::1]:" + ports[3], listener6, 0, 0,
                "connected, never accepted");
        String ipv4 = "SOCKET 127.0.0.1:" + ports[4];
        assertEquals("ESTABLISHED", byLocal.get(ipv4).get("state"), byLocal.toString());

        Map<String, Object> namespace = Reports.map(report, "namespaceStates");
        assertTrue((Long) namespace.getOrDefault("TIME_WAIT", 0L) >= TIME_WAIT_ROWS,
                "the TIME_WAIT rows this test left: " + namespace);
        assertTrue((Long) namespace.get("LISTEN") >= 2, namespace.toString());
    }

    private static void assertRow(Map<String, Object> socket, String state, String local, String remote, long rxQueue,
                                  long txQueue, String why) {
        assertTrue(socket != null, "no socket " + local);
        assertEquals(state, socket.get("state"), socket.toString());
        assertEquals(local, socket.get("local"), socket.toString());
        assertEquals(remote, socket.get("remote"), socket.toString());
        assertEquals(rxQueue, socket.get("rxQueue"), why + ": " + socket);
        assertEquals(txQueue, socket.get("txQueue"), socket.toString());
    }

    /** Connections this test JVM closes first: TIME_WAIT rows in the namespace that the application did not make. */
    private static void leaveTimeWaitRows() throws Exception {
        try (ServerSocket server = new ServerSocket(0, TIME_WAIT_ROWS, InetAddress.getLoopbackAddress())) {
            List<Socket> peers = new ArrayList<>();
            for (int i = 0; i < TIME_WAIT_ROWS; i++) {
                Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                peers.add(server.accept());
                client.close();
            }
            for (Socket peer : peers) {
                peer.close();
            }
        }
    }
}
