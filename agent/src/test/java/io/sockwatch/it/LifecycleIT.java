package io.sockwatch.it;

import static io.sockwatch.testing.Reports.counter;
import static io.sockwatch.testing.Reports.list;
import static io.sockwatch.testing.Reports.frames;
import static io.sockwatch.testing.SourceLines.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockwatch.it.apps.Churn;
import io.sockwatch.it.apps.DroppedSockets;
import io.sockwatch.testing.AgentRun;
import io.sockwatch.testing.TestJdk;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The agent never changes socket lifecycles: the GC still closes dropped sockets; concurrent churn is counted exactly. */
class LifecycleIT {

    @ParameterizedTest
    @EnumSource(TestJdk.class)
    void droppedSocketIsStillClosedByTheGcAndReportedAsReclaimed(TestJdk jdk, @TempDir Path dir) throws Exception {
        AgentRun run = AgentRun.run(jdk, dir, "interval=100ms", DroppedSockets.class);
        assertEquals(0, run.exitCode, run.describe());
        assertTrue(run.stdout.contains("socketBeforeGc=08"), run.describe());
        assertTrue(run.stdout.contains("channelBeforeGc=08"), run.describe());
        // The cleaner closed the Socket (no row, or LAST_ACK/CLOSE): the agent did not keep it alive.
        assertTrue(!run.stdout.contains("socketAfterGc=08"), "socket still in CLOSE_WAIT after GC: " + run.describe());
        // Exactly as without the agent: a SocketChannel has no cleaner and keeps its fd.
        assertTrue(run.stdout.contains("channelAfterGc=08"), run.describe());

        Map<String, Object> report = run.snapshot("after-gc");
        assertEquals(1L, counter(report, "reclaimedWithoutClose", "SOCKET"), run.describe());
        assertEquals(1L, counter(report, "reclaimedWithoutClose", "SOCKET_CHANNEL"), run.describe());
        List<Map<String, Object>> reclaimed = list(report, "reclaimed");
        Map<String, String> siteByKind = reclaimed.stream()
                .collect(Collectors.toMap(g -> (String) g.get("kind"), g -> (String) g.get("site")));
        assertEquals(frame(DroppedSockets.class, "openSocket", "open:dropped-socket"), siteByKind.get("SOCKET"));
        assertEquals(frame(DroppedSockets.class, "openChannel", "open:dropped-channel"), siteByKind.get("SOCKET_CHANNEL"));
        for (Map<String, Object> g : reclaimed) {
            assertTrue(frames(report, g.get("stack")).contains((String) g.get("site")), "allocation stack holds the site");
        }
    }

    @ParameterizedTest
    @EnumSource(TestJdk.class)
    void withoutTheAgentTheGcClosesTheSameWay(TestJdk jdk, @TempDir Path dir) throws Exception {
        AgentRun run = AgentRun.launch(jdk, dir, jdk.flags(), DroppedSockets.class, new String[0], null);
        assertEquals(0, run.exitCode, run.describe());
        assertTrue(run.stdout.contains("socketBeforeGc=08") && !run.stdout.contains("socketAfterGc=08"), run.describe());
        assertTrue(run.stdout.contains("channelAfterGc=08"), run.describe());
    }

    @ParameterizedTest
    @EnumSource(TestJdk.class)
    void concurrentChurnIsCountedExactly(TestJdk jdk, @TempDir Path dir) throws Exception {
        int threads = 8;
        int iterations = 250;
        AgentRun run = AgentRun.run(jdk, dir, "interval=200ms", Churn.class, "" + threads, "" + iterations);
        assertEquals(0, run.exitCode, run.describe());
        assertTrue(run.stdout.contains("failures=0"), run.describe());
        Map<String, Object> report = run.snapshot("done");
        long n = (long) threads * iterations;
        for (String kind : new String[] {"SOCKET", "ACCEPTED_SOCKET", "SOCKET_CHANNEL", "ACCEPTED_SOCKET_CHANNEL"}) {
            assertEquals(n, counter(report, "opened", kind), "opened " + kind);
            assertEquals(n, counter(report, "closed", kind), "closed " + kind);
        }
        assertEquals(1L, counter(report, "closed", "SERVER_SOCKET"));
        assertEquals(1L, counter(report, "closed", "SERVER_SOCKET_CHANNEL"));
        assertEquals(Collections.emptyList(), list(report, "sockets"), "no record left behind");
        assertEquals(0L, ((Map<?, ?>) report.get("internalErrors")).get("count"));
    }
}
