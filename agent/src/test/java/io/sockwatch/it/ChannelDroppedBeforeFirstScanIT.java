package io.sockwatch.it;

import static io.sockwatch.testing.Reports.list;
import static io.sockwatch.testing.Reports.sockets;
import static io.sockwatch.testing.SourceLines.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockwatch.it.apps.ChannelDroppedBeforeFirstScan;
import io.sockwatch.testing.AgentRun;
import io.sockwatch.testing.TestJdk;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A SocketChannel the GC reclaims before the first scan keeps its fd (no cleaner): the agent links it to its
 * kernel socket through the fd it passed at open and reports the leak at the line that opened it.
 */
class ChannelDroppedBeforeFirstScanIT {

    @ParameterizedTest
    @EnumSource(TestJdk.class)
    void isReportedAsALeakAtItsLineNotAsUnattributed(TestJdk jdk, @TempDir Path dir) throws Exception {
        AgentRun run = AgentRun.run(jdk, dir, "interval=2s,threshold=100ms", ChannelDroppedBeforeFirstScan.class);
        assertEquals(0, run.exitCode, run.describe());
        assertTrue(run.stdout.contains("stateBeforeGc=08"), run.describe());
        assertTrue(run.stdout.contains("reclaimedBeforeFirstScan=true"), "the scenario's premise: " + run.describe());
        assertTrue(run.stdout.contains("stateAfterGc=08"), run.describe());

        Map<String, Object> report = run.snapshot("leaked");
        String site = frame(ChannelDroppedBeforeFirstScan.class, "openAndDrop", "open:dropped-early-channel");
        List<Map<String, Object>> leaks = list(report, "leaks");
        assertEquals(List.of(site), leaks.stream().map(g -> g.get("site")).collect(Collectors.toList()),
                "on " + jdk + ": " + report);
        List<Map<String, Object>> channels = sockets(report, "SOCKET_CHANNEL");
        assertEquals(1, channels.size(), report.toString());
        assertEquals("CLOSE_WAIT", channels.get(0).get("state"));
        assertEquals(true, channels.get(0).get("leak"));
        assertEquals(List.of(), sockets(report, "UNATTRIBUTED"), "on " + jdk);
    }
}
