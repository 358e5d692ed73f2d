package io.sockwatch.it;

import static io.sockwatch.testing.Reports.list;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockwatch.it.apps.KernelRowKinds;
import io.sockwatch.testing.AgentRun;
import io.sockwatch.testing.Reports;
import io.sockwatch.testing.TestJdk;
import io.sockwatch.testing.TimeWaitRows;
import java.nio.file.Path;
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
        TimeWaitRows.leave(TIME_WAIT_ROWS);
        TimeWaitRows.enoughForNetlink(); // else Java 22+ reads a namespace this small from /proc too
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

    /**
     * On Java 22+ netlink is set up only for a namespace big enough to pay for it (the FFM linker costs a short JVM
     * more than /proc does): a private namespace with a few rows is read from /proc, without one FFM class loaded.
     */
    @ParameterizedTest
    @EnumSource(value = TestJdk.class, names = "JDK25")
    void aSmallNamespaceIsReadFromProcWithoutSettingUpNetlink(TestJdk jdk, @TempDir Path dir) throws Exception {
        // the JVM's own -Xlog goes in through the wrapper, which runs "java" as $1
        String classLog = dir.resolve("classes.txt").toString();
        AgentRun run = AgentRun.runWrapped(List.of("unshare", "-n", "sh", "-c", "ip link set lo up && java=$1 && shift"
                + " && exec \"$java\" -Xlog:class+load=info:file=" + classLog + " \"$@\"", "sh"), jdk, dir,
                "interval=100ms", KernelRowKinds.class);
        assertEquals(0, run.exitCode, run.describe());
        assertEquals("proc", run.snapshot("rows").get("kernelReader"));
        String loaded = java.nio.file.Files.readString(dir.resolve("classes.txt"));
        assertTrue(loaded.contains("io.sockwatch.agent.kernel.ProcTables"), "the log is the agent's JVM's");
        assertFalse(loaded.contains("java.lang.foreign.Linker") || loaded.contains("io.sockwatch.agent.kernel.SockDiag"),
                "no netlink set-up in a small namespace");
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
}
