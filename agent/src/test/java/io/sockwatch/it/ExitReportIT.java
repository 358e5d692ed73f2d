package io.sockwatch.it;

import static io.sockwatch.testing.Reports.list;
import static io.sockwatch.testing.SourceLines.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockwatch.it.apps.LastRequestLeak;
import io.sockwatch.it.apps.OneConnection;
import io.sockwatch.it.apps.StalledReaders;
import io.sockwatch.testing.AgentRun;
import io.sockwatch.testing.ClassLoadLog;
import io.sockwatch.testing.ReportFormat;
import io.sockwatch.testing.TestJdk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The exit report of a run counts every socket still in CLOSE_WAIT, and every stalled reader, as a leak, however young. */
class ExitReportIT {

    @ParameterizedTest
    @EnumSource(TestJdk.class)
    void theLastRequestLeakedASecondBeforeExitIsALeakOfTheRun(TestJdk jdk, @TempDir Path dir) throws Exception {
        // The default threshold (30 s) is far longer than the run; scans every 100 ms saw the socket meanwhile.
        AgentRun run = AgentRun.run(jdk, dir, "interval=100ms", LastRequestLeak.class);
        assertEquals(0, run.exitCode, run.describe());
        String site = frame(LastRequestLeak.class, "main", "open:last-request");

        assertTrue(run.stderr.contains("1 leaked socket(s) in CLOSE_WAIT at exit (any age: the JVM ends without "
                + "closing them) at 1 site(s)"), run.describe());
        assertTrue(run.stderr.contains("LEAK 1/1: 1 socket(s) in CLOSE_WAIT opened at " + site), run.describe());
        assertFalse(run.stderr.contains("sockwatch: no leaks"), run.describe());
        assertFalse(run.stderr.contains("WARN LEAK"), "not a leak while the run went on: " + run.describe());

        Map<String, Object> report = run.report(); // the JSON file as written at exit
        ReportFormat.assertDocumented(report);
        assertEquals(Boolean.TRUE, report.get("atExit"));
        assertEquals(30_000L, report.get("thresholdMillis"));
        List<Map<String, Object>> leaks = list(report, "leaks");
        assertEquals(1, leaks.size(), report.toString());
        assertEquals(site, leaks.get(0).get("site"));
        assertEquals(1L, leaks.get(0).get("count"));
        assertTrue((Long) leaks.get(0).get("oldestMillisInCloseWait") < 30_000L, leaks.toString());
    }

    @ParameterizedTest
    @EnumSource(value = TestJdk.class, names = {"JDK17", "JDK25"})
    void aStalledReaderAtExitIsALeakOfTheRunToo(TestJdk jdk, @TempDir Path dir) throws Exception {
        AgentRun run = AgentRun.run(jdk, dir, "interval=100ms", StalledReaders.class, "exit");
        assertEquals(0, run.exitCode, run.describe());
        assertTrue(run.stderr.contains("1 socket(s) with unread data, nobody reading, opened at "
                + frame(StalledReaders.class, "main", "open:unread-body")), run.describe());
        assertFalse(run.stderr.contains("WARN LEAK"), "not a leak while the run went on: " + run.describe());
        Map<String, Object> report = run.report();
        assertEquals(Boolean.TRUE, report.get("atExit"));
        List<Map<String, Object>> leaks = list(report, "leaks");
        assertEquals(1, leaks.size(), report.toString());
        assertEquals(true, leaks.get(0).get("stalled"));
    }

    /**
     * A JVM that closed every socket it opened, writing no report file, exits without a scan: nothing is open that
     * could leak, and the exit scan's classes and /proc reads made a short JVM's exit ~40 ms slower. One that still
     * holds its sockets is scanned at exit.
     */
    @ParameterizedTest
    @EnumSource(TestJdk.class)
    void aJvmThatClosedEverySocketExitsWithoutAScan(TestJdk jdk, @TempDir Path dir) throws Exception {
        ClassLoadLog closed = oneConnection(jdk, dir, "close", 0);
        assertTrue(closed.loaded("io.sockwatch.agent.registry.SocketRecord"), "the log is the agent's JVM's");
        // not Scanner: the scanner thread may build it to take the closes; only a scan makes a LeakReport
        assertFalse(closed.loaded("io.sockwatch.agent.report.LeakReport"), "no scan at exit");

        assertTrue(oneConnection(jdk, dir, "keep", 3).loaded("io.sockwatch.agent.report.LeakReport"),
                "scanned at exit");
    }

    /** {@link OneConnection} run with {@code closeOrKeep}, checked for a clean exit and its exit line. */
    private static ClassLoadLog oneConnection(TestJdk jdk, Path dir, String closeOrKeep, int stillOpen)
            throws Exception {
        ClassLoadLog log = ClassLoadLog.run(jdk, Files.createDirectory(dir.resolve(closeOrKeep)), OneConnection.class,
                closeOrKeep);
        assertEquals(0, log.run.exitCode, log.run.describe());
        assertTrue(log.run.stderr.contains("sockwatch: no leaks; " + stillOpen + " socket(s) still open and tracked\n"),
                log.run.describe());
        return log;
    }
}
