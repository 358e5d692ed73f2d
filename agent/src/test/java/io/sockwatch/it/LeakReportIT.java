package io.sockwatch.it;

import static io.sockwatch.testing.Reports.list;
import static io.sockwatch.testing.Reports.sockets;
import static io.sockwatch.testing.Reports.strings;
import static io.sockwatch.testing.SourceLines.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockwatch.it.apps.ApacheHttpClientLeak;
import io.sockwatch.it.apps.ClientLeak;
import io.sockwatch.it.apps.JettyHang;
import io.sockwatch.it.apps.OkHttpLeak;
import io.sockwatch.it.apps.PassiveCloseHang;
import io.sockwatch.testing.AgentRun;
import io.sockwatch.testing.ReportFormat;
import io.sockwatch.testing.Reports;
import io.sockwatch.testing.TestJdk;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The CLOSE_WAIT leak report: the right lines, the hung threads, and no false alarms. */
class LeakReportIT {
    private static final String THRESHOLD = "1500";
    private static final String OPTIONS = "interval=100ms,threshold=" + THRESHOLD + "ms";

    @ParameterizedTest
    @EnumSource(TestJdk.class)
    void clientLeaksAreReportedAtTheirLinesAndNothingElseIs(TestJdk jdk, @TempDir Path dir) throws Exception {
        AgentRun run = AgentRun.run(jdk, dir, OPTIONS, ClientLeak.class);
        assertEquals(0, run.exitCode, run.describe());
        String unreadFin = frame(ClientLeak.class, "main", "open:unread-fin");
        String readEof = frame(ClientLeak.class, "main", "open:read-eof");

        // Before the threshold: in CLOSE_WAIT, but not yet a leak.
        Map<String, Object> early = run.snapshot("early");
        assertEquals(List.of(), list(early, "leaks"), "threshold honoured on " + jdk);
        assertEquals(3, sockets(early, "SOCKET").stream().filter(s -> "CLOSE_WAIT".equals(s.get("state"))).count());

        Map<String, Object> report = run.snapshot("leaked");
        ReportFormat.assertDocumented(early);
        ReportFormat.assertDocumented(report);
        List<Map<String, Object>> leaks = list(report, "leaks");
        Map<String, Long> countBySite = leaks.stream()
                .collect(Collectors.toMap(g -> (String) g.get("site"), g -> (Long) g.get("count")));
        assertEquals(Map.of(unreadFin, 2L, readEof, 1L), countBySite, "leak sites on " + jdk);
        for (Map<String, Object> g : leaks) {
            assertTrue((Long) g.get("oldestMillisInCloseWait") >= Long.parseLong(THRESHOLD), "threshold honoured: " + g);
            assertTrue(strings(g, "allocation").contains((String) g.get("site")));
            assertEquals("main", g.get("openedBy"));
        }
        // The receive queue tells why: FIN unread (1) vs EOF read but never closed (0).
        for (Map<String, Object> s : sockets(report, "SOCKET")) {
            assertEquals(unreadFin.equals(s.get("site")) ? 1L : 0L, s.get("rxQueue"), "rxQueue of " + s.get("site"));
        }
        // Only the leaked sockets and the listening server are open; LISTEN is never a leak.
        Set<String> states = list(report, "sockets").stream().map(s -> s.get("kind") + "/" + s.get("state") + "/" + s.get("leak"))
                .collect(Collectors.toSet());
        assertEquals(Set.of("SOCKET/CLOSE_WAIT/true", "SERVER_SOCKET/LISTEN/false"), states, "on " + jdk);
        // Properly closed and TIME_WAIT sockets appear nowhere.
        String all = list(report, "sockets").toString() + leaks;
        assertFalse(all.contains(frame(ClientLeak.class, "main", "open:closed-properly")));
        assertFalse(all.contains(frame(ClientLeak.class, "main", "open:active-close")));
        assertFalse(all.contains("TIME_WAIT"));
        // ...though the namespace counts see the TIME_WAIT our active close left behind.
        assertTrue((Long) Reports.map(report, "namespaceStates").getOrDefault("TIME_WAIT", 0L) >= 1, report.toString());

        assertTrue(run.stderr.contains("LEAK 1/2: 2 socket(s) in CLOSE_WAIT opened at " + unreadFin), run.stderr);
        assertTrue(run.stderr.contains("only the peer's FIN is unread"), run.stderr);
        assertTrue(run.stderr.contains("EOF included, but never called close()"), run.stderr);
    }

    @ParameterizedTest
    @EnumSource(TestJdk.class)
    void passiveCloseHangNamesTheHungThreadAndItsSleep(TestJdk jdk, @TempDir Path dir) throws Exception {
        AgentRun run = AgentRun.run(jdk, dir, OPTIONS, PassiveCloseHang.class);
        assertEquals(0, run.exitCode, run.describe());
        Map<String, Object> report = run.snapshot("hung");
        ReportFormat.assertDocumented(report);
        List<Map<String, Object>> leaks = list(report, "leaks");
        assertEquals(1, leaks.size(), run.describe());
        Map<String, Object> leak = leaks.get(0);
        assertEquals(frame(PassiveCloseHang.class, "acceptLoop", "open:accepted"), leak.get("site"));
        assertHungIn(leak, "worker-1", frame(PassiveCloseHang.class, "handle", "hang"));
        assertTrue(run.stderr.contains("last I/O by thread \"worker-1\""), run.stderr);
        assertTrue(run.stderr.contains("--> at " + frame(PassiveCloseHang.class, "handle", "hang")), run.stderr);
    }

    @ParameterizedTest
    @EnumSource(TestJdk.class)
    void apacheHttpClientUnclosedResponses(TestJdk jdk, @TempDir Path dir) throws Exception {
        AgentRun run = AgentRun.run(jdk, dir, OPTIONS + ",skip=org.apache.http.", ApacheHttpClientLeak.class);
        assertEquals(0, run.exitCode, run.describe());
        List<Map<String, Object>> leaks = list(run.snapshot("leaked"), "leaks");
        assertEquals(1, leaks.size(), run.describe());
        assertEquals(frame(ApacheHttpClientLeak.class, "fetchStatus", "open:httpclient"), leaks.get(0).get("site"));
        assertEquals(2L, leaks.get(0).get("count"));
    }

    @ParameterizedTest
    @EnumSource(TestJdk.class)
    void okHttpUnclosedResponseBody(TestJdk jdk, @TempDir Path dir) throws Exception {
        AgentRun run = AgentRun.run(jdk, dir, OPTIONS + ",skip=okhttp3.:okio.:kotlin.", OkHttpLeak.class);
        assertEquals(0, run.exitCode, run.describe());
        List<Map<String, Object>> leaks = list(run.snapshot("leaked"), "leaks");
        assertEquals(1, leaks.size(), run.describe());
        assertEquals(frame(OkHttpLeak.class, "main", "open:okhttp"), leaks.get(0).get("site"));
    }

    @ParameterizedTest
    @EnumSource(TestJdk.class)
    void jettyHandlerHangIsNamedThoughJettyOpenedTheSocket(TestJdk jdk, @TempDir Path dir) throws Exception {
        AgentRun run = AgentRun.run(jdk, dir, OPTIONS + ",skip=org.eclipse.jetty.", JettyHang.class);
        assertEquals(0, run.exitCode, run.describe());
        List<Map<String, Object>> leaks = list(run.snapshot("hung"), "leaks");
        assertEquals(1, leaks.size(), run.describe());
        assertTrue(((String) leaks.get(0).get("site")).endsWith("(no application frame)"), leaks.toString());
        assertHungIn(leaks.get(0), "qtp", frame(JettyHang.class, "handle", "hang").replace("JettyHang.handle", "JettyHang$1.handle"));
    }

    @SuppressWarnings("unchecked")
    private static void assertHungIn(Map<String, Object> leak, String threadNamePrefix, String appFrame) {
        List<Map<String, Object>> threads = list(leak, "threads");
        assertEquals(1, threads.size(), leak.toString());
        Map<String, Object> t = threads.get(0);
        assertTrue(((String) t.get("name")).startsWith(threadNamePrefix), t.toString());
        assertEquals("TIMED_WAITING", t.get("state"));
        List<String> stack = (List<String>) t.get("stack");
        assertTrue(stack.get(0).startsWith("java.lang.Thread.sleep"), stack.toString());
        Set<String> frames = new HashSet<>(stack);
        assertTrue(frames.contains(appFrame), appFrame + " not in " + stack);
    }
}
