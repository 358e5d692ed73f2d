package io.sockwatch.it;

import static io.sockwatch.testing.Reports.list;
import static io.sockwatch.testing.SourceLines.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockwatch.it.apps.ClosesFirst;
import io.sockwatch.testing.AgentRun;
import io.sockwatch.testing.PrivateNetwork;
import io.sockwatch.testing.ReportFormat;
import io.sockwatch.testing.Reports;
import io.sockwatch.testing.TestJdk;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Kernel rows without an owner (TIME_WAIT, orphaned FIN_WAIT2) named by the code that closed and opened them. */
class TimeWaitIT {

    @ParameterizedTest
    @EnumSource(TestJdk.class)
    void timeWaitOfAClientPerRequestIsAttributedToItsCloseAndOpenLines(TestJdk jdk, @TempDir Path dir) throws Exception {
        AgentRun run = AgentRun.runWrapped(PrivateNetwork.NO_TIME_WAIT_REUSE, jdk, dir, "interval=200ms,skip=org.apache.http.",
                ClosesFirst.class);
        assertEquals(0, run.exitCode, run.describe());
        Map<String, Object> report = run.snapshot("closed");
        ReportFormat.assertDocumented(report);

        Map<String, Object> http = group(report, frame(ClosesFirst.class, "get", "close:http-client"))
                .orElseThrow(() -> new AssertionError("no timeWait group for the client's close: " + report.get("timeWait")));
        assertEquals((long) ClosesFirst.REQUESTS, http.get("count"), "one TIME_WAIT per request: " + http);
        List<Map<String, Object>> openedAt = list(http, "openedAt");
        assertEquals(1, openedAt.size(), openedAt.toString());
        assertEquals(frame(ClosesFirst.class, "get", "open:http-get"), openedAt.get(0).get("site"));
        assertEquals((long) ClosesFirst.REQUESTS, openedAt.get(0).get("count"));
        List<Map<String, Object>> remotes = list(http, "remotes");
        assertEquals(1, remotes.size(), remotes.toString());
        assertEquals((long) ClosesFirst.REQUESTS, remotes.get(0).get("count"));
        assertTrue(((String) remotes.get(0).get("remote")).startsWith("127.0.0.1:"), remotes.toString());
        assertEquals(frame(ClosesFirst.class, "get", "close:http-client"), Reports.stack(report, http.get("stack")).get("site"));

        Map<String, Object> orphaned = group(report, frame(ClosesFirst.class, "main", "close:orphaned"))
                .orElseThrow(() -> new AssertionError("no group for the orphaned FIN_WAIT2: " + report.get("timeWait")));
        assertEquals(1L, orphaned.get("finWait2"), orphaned.toString());
        assertEquals(0L, orphaned.get("count"), orphaned.toString());
    }

    @ParameterizedTest
    @EnumSource(TestJdk.class)
    void shutdownOutputWithoutCloseIsReportedInFinWait2WithItsSite(TestJdk jdk, @TempDir Path dir) throws Exception {
        AgentRun run = AgentRun.runWrapped(PrivateNetwork.NO_TIME_WAIT_REUSE, jdk, dir, "interval=200ms,skip=org.apache.http.",
                ClosesFirst.class);
        assertEquals(0, run.exitCode, run.describe());
        Map<String, Object> report = run.snapshot("closed");
        List<Map<String, Object>> halfClosed = list(report, "halfClosed");
        assertEquals(1, halfClosed.size(), halfClosed.toString());
        assertEquals(frame(ClosesFirst.class, "main", "open:half-closed"), halfClosed.get(0).get("site"));
        assertEquals(1L, halfClosed.get(0).get("count"));
        assertTrue(Reports.sockets(report, "SOCKET").stream().anyMatch(s -> "FIN_WAIT2".equals(s.get("state"))),
                "the socket itself is listed in FIN_WAIT2");
    }

    private static Optional<Map<String, Object>> group(Map<String, Object> report, String closeSite) {
        return list(report, "timeWait").stream().filter(g -> closeSite.equals(g.get("site"))).findFirst();
    }
}
