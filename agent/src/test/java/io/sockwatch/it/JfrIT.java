package io.sockwatch.it;

import static io.sockwatch.testing.SourceLines.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockwatch.it.apps.AttachTarget;
import io.sockwatch.it.apps.ClientLeak;
import io.sockwatch.it.apps.DroppedFromTwoPaths;
import io.sockwatch.it.apps.DroppedSockets;
import io.sockwatch.testing.AgentRun;
import io.sockwatch.testing.Reports;
import io.sockwatch.testing.SourceLines;
import io.sockwatch.testing.Target;
import io.sockwatch.testing.TestJdk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A running JFR recording receives sockwatch's leak and reclaimed events, with the allocation stack as a field. */
class JfrIT {

    @ParameterizedTest
    @EnumSource(value = TestJdk.class, names = {"JDK17", "JDK25"})
    void recordingHoldsLeakEvents(TestJdk jdk, @TempDir Path dir) throws Exception {
        Path recording = dir.resolve("leak.jfr");
        AgentRun run = AgentRun.run(jdk, dir, "interval=100ms,threshold=1s",
                List.of("-XX:StartFlightRecording=filename=" + recording + ",dumponexit=true"), ClientLeak.class);
        assertEquals(0, run.exitCode, run.describe());
        String events = jfrPrint(jdk, recording, "io.sockwatch.SocketLeak");
        assertTrue(events.contains("io.sockwatch.it.apps.ClientLeak.main(ClientLeak.java:"
                + line(ClientLeak.class, "open:unread-fin") + ")"), events);
        assertTrue(events.contains("closeWaitAge"), events);
    }

    @ParameterizedTest
    @EnumSource(value = TestJdk.class, names = {"JDK17", "JDK25"})
    void recordingHoldsReclaimedEvents(TestJdk jdk, @TempDir Path dir) throws Exception {
        Path recording = dir.resolve("gc.jfr");
        AgentRun run = AgentRun.run(jdk, dir, "interval=100ms",
                List.of("-XX:StartFlightRecording=filename=" + recording + ",dumponexit=true"), DroppedSockets.class);
        assertEquals(0, run.exitCode, run.describe());
        String events = jfrPrint(jdk, recording, "io.sockwatch.SocketReclaimed");
        assertTrue(events.contains("DroppedSockets.openSocket(DroppedSockets.java:"
                + line(DroppedSockets.class, "open:dropped-socket") + ")"), events);
    }

    @ParameterizedTest
    @EnumSource(value = TestJdk.class, names = {"JDK17", "JDK25"})
    void reclaimedEventsCountEverySocketWhenTwoStacksShareASite(TestJdk jdk, @TempDir Path dir) throws Exception {
        Path recording = dir.resolve("gc.jfr");
        AgentRun run = AgentRun.run(jdk, dir, "interval=100ms",
                List.of("-XX:StartFlightRecording=filename=" + recording + ",dumponexit=true"), DroppedFromTwoPaths.class);
        assertEquals(0, run.exitCode, run.describe());
        String site = SourceLines.frame(DroppedFromTwoPaths.class, "open", "open:shared-site");
        List<Map<String, Object>> groups = Reports.list(run.snapshot("after-gc"), "reclaimed");
        assertEquals(List.of(site, site), groups.stream().map(g -> g.get("site")).collect(Collectors.toList()),
                "two stacks, one site");
        String events = jfrPrint(jdk, recording, "io.sockwatch.SocketReclaimed");
        long counted = 0;
        for (Matcher m = Pattern.compile("count = (\\d+)").matcher(events); m.find(); ) {
            counted += Long.parseLong(m.group(1));
        }
        assertEquals(DroppedFromTwoPaths.FIRST_PATH + DroppedFromTwoPaths.SECOND_PATH, counted, events);
    }

    @ParameterizedTest
    @EnumSource(value = TestJdk.class, names = {"JDK17", "JDK25"})
    void aRecordingStartedLaterSeesTheLeaksFoundBeforeItAndTheStatesTimeline(TestJdk jdk, @TempDir Path dir)
            throws Exception {
        List<String> agent = List.of("-javaagent:" + AgentRun.AGENT_JAR + "=interval=200ms,threshold=500ms,report=off");
        try (Target target = Target.start(jdk, dir, agent, AttachTarget.class)) {
            target.await("ready");
            Thread.sleep(2_000); // the leak is found and its event emitted while no recording runs
            Path recording = dir.resolve("late.jfr");
            jcmd(jdk, target.pid(), "JFR.start", "name=late");
            Thread.sleep(6_000); // the states event's default period is 5 s
            jcmd(jdk, target.pid(), "JFR.stop", "name=late", "filename=" + recording);
            String leaks = jfrPrint(jdk, recording, "io.sockwatch.SocketLeak");
            assertTrue(leaks.contains("AttachTarget.leakBeforeAttach(AttachTarget.java:"
                    + line(AttachTarget.class, "open:before-attach") + ")"), leaks);
            String states = jfrPrint(jdk, recording, "io.sockwatch.SocketStates");
            assertTrue(states.contains("closeWait = 1"), states);
            assertTrue(states.contains("openFds = "), states);
            assertEquals(0, target.stop());
        }
    }

    private static void jcmd(TestJdk jdk, long pid, String... command) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of(jdk.java().resolveSibling("jcmd").toString(), "" + pid));
        args.addAll(List.of(command));
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, args + ": " + out);
    }

    private static String jfrPrint(TestJdk jdk, Path recording, String event) throws Exception {
        Path jfr = jdk.java().resolveSibling("jfr");
        Path out = recording.resolveSibling(event + ".txt");
        Process p = new ProcessBuilder(jfr.toString(), "print", "--events", event, recording.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return Files.readString(out);
    }
}
