package io.sockwatch.it;

import static io.sockwatch.testing.Reports.list;
import static io.sockwatch.testing.Reports.map;
import static io.sockwatch.testing.Reports.thread;
import static io.sockwatch.testing.SourceLines.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockwatch.it.apps.StarvedServer;
import io.sockwatch.testing.AgentRun;
import io.sockwatch.testing.Json;
import io.sockwatch.testing.ReportFormat;
import io.sockwatch.testing.Target;
import io.sockwatch.testing.TestJdk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Thread-pool starvation in real Tomcat and Jetty servers: the connections no worker ever got to are reported as
 * waiting for a worker, with the line where all the server's workers are stuck, their number and state; the
 * connections the stuck workers hold stay ordinary leaks.
 */
class StarvationIT {
    private static final String OPTIONS = "interval=100ms,threshold=500ms";

    static Stream<Arguments> serversOnEveryJdk() {
        return Stream.of("tomcat", "jetty").flatMap(server -> Stream.of(TestJdk.JDK17, TestJdk.JDK25)
                .map(jdk -> Arguments.of(jdk, server)));
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("serversOnEveryJdk")
    void connectionsNoWorkerReadAreWaitingForAWorkerStuckAtItsLine(TestJdk jdk, String server, @TempDir Path dir)
            throws Exception {
        Path html = dir.resolve("report.html");
        AgentRun run = AgentRun.run(jdk, dir, OPTIONS + ",html=" + html, StarvedServer.class, server);
        assertEquals(0, run.exitCode, run.describe());
        Map<String, Object> report = run.snapshot("starved");
        ReportFormat.assertDocumented(report);
        String stuckAt = frame(StarvedServer.class, "callUpstream", "stuck:upstream");

        assertStarvationNamed(report, stuckAt);
        assertTrue(run.stderr.contains("WAITING FOR A WORKER (thread-pool starvation): the server at "
                + map(waitingGroup(report), "waitingForWorkers").get("server") + " accepted them"), run.describe());
        assertTrue(run.stderr.contains("      " + StarvedServer.WORKERS + " thread(s) RUNNABLE at " + stuckAt + ", thread pool "),
                run.describe());
        String page = Files.readString(html);
        assertTrue(page.contains("<strong>Waiting for a worker (thread-pool starvation)</strong>: the server at ")
                && page.contains("<li>" + StarvedServer.WORKERS + " thread(s) RUNNABLE at <code>" + stuckAt + "</code>"),
                page);
    }

    /** sockwatch attached to a running Tomcat (the socket classes retransformed), before the workers got stuck. */
    @ParameterizedTest
    @EnumSource(value = TestJdk.class, names = {"JDK17", "JDK25"})
    void attachedToARunningServerItNamesTheStarvationToo(TestJdk jdk, @TempDir Path dir) throws Exception {
        try (Target target = Target.start(jdk, dir, List.of(), StarvedServer.class, "tomcat", "after-attach")) {
            target.await("ready");
            target.cli("attach", "" + target.pid(), OPTIONS).expect(0);
            target.touch("go");
            target.await("starved");
            Map<String, Object> report = null;
            for (long deadline = System.currentTimeMillis() + 20_000; System.currentTimeMillis() < deadline; ) {
                report = Json.object(target.cli("report", "" + target.pid(), "--json").expect(0).stdout);
                if (waitingGroup(report) != null) {
                    break;
                }
                Thread.sleep(200);
            }
            assertStarvationNamed(report, frame(StarvedServer.class, "callUpstream", "stuck:upstream"));
            assertEquals(0, target.stop());
        }
    }

    private static Map<String, Object> waitingGroup(Map<String, Object> report) {
        return list(report, "leaks").stream().filter(g -> g.get("waitingForWorkers") != null).findFirst().orElse(null);
    }

    private static void assertStarvationNamed(Map<String, Object> report, String stuckAt) {
        List<Map<String, Object>> leaks = list(report, "leaks");
        List<Map<String, Object>> waiting = leaks.stream().filter(g -> g.get("waitingForWorkers") != null)
                .collect(Collectors.toList());
        assertEquals(1, waiting.size(), "one group waits for a worker: " + leaks);
        Map<String, Object> group = waiting.get(0);
        assertEquals((long) StarvedServer.WAITING, group.get("count"), group.toString());
        assertTrue(((String) group.get("site")).endsWith("(no application frame)"), group.toString());
        Map<String, Object> starved = map(group, "waitingForWorkers");
        List<Map<String, Object>> workers = list(starved, "workers");
        assertEquals(1, workers.size(), "every worker is stuck at one line: " + starved);
        Map<String, Object> stuck = workers.get(0);
        assertEquals(stuckAt, stuck.get("at"), stuck.toString());
        assertEquals("RUNNABLE", stuck.get("state"), "blocked in a socket read: " + stuck);
        assertEquals((long) StarvedServer.WORKERS, stuck.get("count"), stuck.toString());
        for (Object id : (List<?>) stuck.get("threads")) {
            assertEquals("RUNNABLE", thread(report, id).get("state"));
        }

        List<Map<String, Object>> sockets = list(report, "sockets").stream()
                .filter(s -> Boolean.TRUE.equals(s.get("waitingForWorker"))).collect(Collectors.toList());
        assertEquals(StarvedServer.WAITING, sockets.size(), "one line per socket in JSON: " + report.get("sockets"));
        for (Map<String, Object> s : sockets) {
            assertEquals(starved.get("server"), s.get("local"), s.toString());
            assertEquals("CLOSE_WAIT", s.get("state"));
            assertNull(s.get("lastIo"), "nobody read it: " + s);
        }
        // the connections the stuck workers read are theirs: ordinary leaks, named by their last I/O
        Map<String, Object> held = leaks.stream().filter(g -> g.get("waitingForWorkers") == null).findFirst().orElseThrow();
        assertEquals((long) StarvedServer.WORKERS, held.get("count"), leaks.toString());
    }
}
