package io.sockwatch.it;

import static io.sockwatch.testing.Reports.list;
import static io.sockwatch.testing.SourceLines.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockwatch.it.apps.AttachTarget;
import io.sockwatch.it.apps.OlderHookPresent;
import io.sockwatch.testing.AgentRun;
import io.sockwatch.testing.ReportFormat;
import io.sockwatch.testing.Reports;
import io.sockwatch.testing.Target;
import io.sockwatch.testing.TestJdk;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Production attach: a JVM started without sockwatch, leaking before and after the attach. */
class AttachIT {
    private static final String OPTIONS = "interval=100ms,threshold=500ms";

    @ParameterizedTest
    @EnumSource(value = TestJdk.class, names = {"JDK17", "JDK25"})
    void attachReportDetachReattach(TestJdk jdk, @TempDir Path dir) throws Exception {
        try (Target target = Target.start(jdk, dir, List.of(), AttachTarget.class)) {
            target.await("ready");
            target.cli("report", "" + target.pid()).expect(1);

            target.cli("attach", "" + target.pid(), OPTIONS).expect(0);
            assertTrue(target.cli("list").expect(0).stdout.lines()
                    .anyMatch(l -> l.startsWith(target.pid() + "\t[sockwatch]")), "list marks the JVM");
            target.touch("leak-1");
            target.await("leaked-1");
            Thread.sleep(1500);

            Map<String, Object> report = Reports.parse(target.cli("report", "" + target.pid(), "--json").expect(0).stdout);
            ReportFormat.assertDocumented(report);
            List<Map<String, Object>> leaks = list(report, "leaks");
            assertEquals(List.of(frame(AttachTarget.class, "leakAfterAttach", "open:after-attach")),
                    leaks.stream().map(g -> g.get("site")).collect(Collectors.toList()), "post-attach leak and its line");
            List<Map<String, Object>> unattributed = list(report, "sockets").stream()
                    .filter(s -> "UNATTRIBUTED".equals(s.get("kind"))).collect(Collectors.toList());
            assertEquals(1, unattributed.size(), "the pre-attach leak, unattributed: " + report);
            assertEquals("CLOSE_WAIT", unattributed.get(0).get("state"));
            assertEquals(null, unattributed.get(0).get("stack"), "no allocation stack before the attach");

            String text = target.cli("report", "" + target.pid()).expect(0).stdout;
            assertTrue(text.contains("UNATTRIBUTED CLOSE_WAIT"), text);

            // Attaching twice is harmless and updates the options; options may be separated by spaces too.
            target.cli("attach", "" + target.pid(), "interval=100ms", "threshold=2s").expect(0);
            assertEquals(2000L, Reports.parse(target.cli("report", "--json", "" + target.pid()).expect(0).stdout)
                    .get("thresholdMillis"));

            // Detach is done when the CLI returns: hooks removed, threads stopped; a later attach tracks afresh.
            target.cli("detach", "" + target.pid()).expect(0);
            assertTrue(target.cli("report", "" + target.pid()).expect(1).stderr.contains("not running"));
            target.cli("attach", "" + target.pid(), OPTIONS).expect(0);
            target.touch("leak-2");
            target.await("leaked-2");
            Thread.sleep(1500);
            report = Reports.parse(target.cli("report", "" + target.pid(), "--json").expect(0).stdout);
            assertEquals(1, list(report, "leaks").size(), report.toString());
            assertEquals(1L, list(report, "leaks").get(0).get("count"), "only the leak after the re-attach is tracked");

            assertEquals(0, target.stop());
            assertNoWarningsBut(jdk, target.stderr());
        }
    }

    /** The on-call path: one CLI call attaches and prints the first report, sockets from before the attach included. */
    @ParameterizedTest
    @EnumSource(value = TestJdk.class, names = {"JDK17", "JDK25"})
    void attachPrintsTheFirstReportInTheSameCall(TestJdk jdk, @TempDir Path dir) throws Exception {
        try (Target target = Target.start(jdk, dir, List.of(), AttachTarget.class)) {
            target.await("ready");
            Target.Cli both = target.cli("attach", "" + target.pid(), "--report", "--json").expect(2);
            assertEquals(1, both.stderr.lines().count(), both.toString());
            target.cli("report", "" + target.pid()).expect(1); // the refused call attached nothing

            Target.Cli json = target.cli("attach", "" + target.pid(), "interval=1h,threshold=100ms", "--json").expect(0);
            Map<String, Object> report = Reports.parse(json.stdout); // JSON alone on stdout: it can be piped
            ReportFormat.assertDocumented(report);
            assertTrue(json.stderr.startsWith("sockwatch runs in " + target.pid() + " with interval=1h,threshold=100ms"),
                    json.toString());
            List<Map<String, Object>> unattributed = list(report, "sockets").stream()
                    .filter(s -> "UNATTRIBUTED".equals(s.get("kind"))).collect(Collectors.toList());
            assertEquals(1, unattributed.size(), "the pre-attach leak, in the first report: " + report);
            assertEquals("CLOSE_WAIT", unattributed.get(0).get("state"));
            assertEquals(100L, report.get("thresholdMillis"), "the report of the options just given");

            Target.Cli text = target.cli("attach", "" + target.pid(), "--report").expect(0);
            assertTrue(text.stdout.startsWith("sockwatch runs in " + target.pid()), text.toString());
            assertTrue(text.stdout.contains("=== sockwatch report, pid " + target.pid()), text.toString());
            assertTrue(text.stdout.contains("UNATTRIBUTED CLOSE_WAIT"), text.toString());

            target.cli("detach", "" + target.pid()).expect(0);
            assertEquals(0, target.stop());
            assertNoWarningsBut(jdk, target.stderr());
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestJdk.class, names = {"JDK17", "JDK25"})
    void badPidsGetOneClearLine(TestJdk jdk, @TempDir Path dir) throws Exception {
        Target.Cli notANumber = Target.Cli.run(jdk, dir, "report", "abc").expect(2);
        assertEquals(1, notANumber.stderr.lines().count(), notANumber.toString());
        Target.Cli noProcess = Target.Cli.run(jdk, dir, "attach", "999999999").expect(1);
        assertTrue(noProcess.stderr.startsWith("sockwatch: no process with pid 999999999"), noProcess.toString());
        assertEquals(1, noProcess.stderr.lines().count());
        Process sleep = new ProcessBuilder("sleep", "60").start();
        try {
            long started = System.nanoTime();
            Target.Cli notAJvm = Target.Cli.run(jdk, dir, "attach", "" + sleep.pid()).expect(1);
            assertEquals("sockwatch: pid " + sleep.pid() + " (sleep) is not a Java VM; list the JVMs with: java -jar "
                    + "sockwatch-agent.jar list", notAJvm.stderr.trim());
            // It used to wait ~10 s for an attach answer, after sending the process SIGQUIT, which ends a sleep.
            assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5), "fails fast");
            assertTrue(sleep.isAlive(), "the process was sent nothing");
        } finally {
            sleep.destroy();
        }
        Target.Cli unknown = Target.Cli.run(jdk, dir, "frobnicate").expect(2);
        assertTrue(unknown.stderr.contains("valid: list, attach, report, detach, explain, help"), unknown.toString());
        Target.Cli badOption = Target.Cli.run(jdk, dir, "attach", "" + ProcessHandle.current().pid(), "interval=fast")
                .expect(2);
        assertTrue(badOption.stderr.contains("interval='fast' is not a duration"), badOption.toString());
        Target.Cli tooLong = Target.Cli.run(jdk, dir, "attach", "" + ProcessHandle.current().pid(), "interval=999999999m")
                .expect(2);
        assertEquals("sockwatch: interval='999999999m' is out of range; use 100ms to 1h; nothing was attached",
                tooLong.stderr.trim());
        Target.Cli strayFlag = Target.Cli.run(jdk, dir, "report", "--yaml", "123").expect(2);
        assertEquals(1, strayFlag.stderr.lines().count(), strayFlag.toString());
        assertTrue(strayFlag.stderr.contains("valid form: report <pid> [--json | --html FILE]"), strayFlag.toString());
    }

    @ParameterizedTest
    @EnumSource(value = TestJdk.class, names = {"JDK17", "JDK25"})
    void aJvmWithAttachDisabledGetsOneClearLine(TestJdk jdk, @TempDir Path dir) throws Exception {
        try (Target target = Target.start(jdk, dir, List.of("-XX:+DisableAttachMechanism"), AttachTarget.class)) {
            target.await("ready");
            Target.Cli cli = target.cli("attach", "" + target.pid()).expect(1);
            assertEquals(1, cli.stderr.lines().count(), cli.toString());
            assertTrue(cli.stderr.contains("-XX:+DisableAttachMechanism"), cli.toString());
            assertEquals(0, target.stop());
        }
    }

    /** The hook in java.base outlives a detach; one of another version must stop the attach with one line. */
    @ParameterizedTest
    @EnumSource(value = TestJdk.class, names = {"JDK17", "JDK25"})
    void aHookLeftByAnotherVersionRefusesTheAttachInOneLine(TestJdk jdk, @TempDir Path dir) throws Exception {
        try (Target target = Target.start(jdk, dir, List.of("--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED"),
                OlderHookPresent.class)) {
            target.await("ready");
            Target.Cli cli = target.cli("attach", "" + target.pid()).expect(1);
            assertEquals(1, cli.stderr.lines().count(), cli.toString());
            assertTrue(cli.stderr.contains("another sockwatch version was attached to this JVM before")
                    && cli.stderr.contains("restart the JVM"), cli.toString());
            assertEquals(0, target.stop());
        }
    }

    /** The CLI speaks the attach protocol itself: a runtime of java.base alone attaches, reports and detaches. */
    @Test
    void aRuntimeWithoutTheAttachModuleAttaches(@TempDir Path dir) throws Exception {
        Path jre = dir.resolve("jre");
        Path jlink = TestJdk.JDK17.java().resolveSibling("jlink");
        Process p = new ProcessBuilder(jlink.toString(), "--add-modules", "java.base", "--output", jre.toString())
                .redirectErrorStream(true).start();
        assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes()));
        try (Target target = Target.start(TestJdk.JDK17, dir, List.of(), AttachTarget.class)) {
            target.await("ready");
            String pid = Long.toString(target.pid());
            for (String[] command : new String[][] {{"attach", pid}, {"report", pid}, {"detach", pid}}) {
                List<String> cli = new java.util.ArrayList<>(List.of(jre.resolve("bin/java").toString(), "-jar",
                        AgentRun.AGENT_JAR.toString()));
                cli.addAll(List.of(command));
                Process run = new ProcessBuilder(cli).redirectErrorStream(true).start();
                String out = new String(run.getInputStream().readAllBytes());
                assertEquals(0, run.waitFor(), command[0] + ": " + out);
            }
            assertEquals(0, target.stop());
        }
    }

    /**
     * JDK 21+ prints its warning at every load of an agent: the attach loads sockwatch once, and every later
     * command goes through its request channel, which is gone after the detach.
     */
    @Test
    void oneWarningPerIncidentNotPerCommand(@TempDir Path dir) throws Exception {
        try (Target target = Target.start(TestJdk.JDK25, dir, List.of(), AttachTarget.class)) {
            target.await("ready");
            String pid = Long.toString(target.pid());
            target.cli("attach", pid, OPTIONS).expect(0);
            String channel = channelOf(target.pid());
            assertTrue(java.nio.file.Files.isDirectory(Path.of("/tmp", channel)), "the channel is open: " + channel);
            for (int i = 0; i < 5; i++) {
                assertTrue(target.cli("report", pid).expect(0).stdout.contains("=== sockwatch report, pid " + pid));
            }
            target.cli("report", pid, "--html", dir.resolve("report.html").toString()).expect(0);
            target.cli("detach", pid).expect(0);
            assertEquals(1, target.stderr().lines().filter(l -> l.contains("A Java agent has been loaded dynamically"))
                    .count(), target.stderr());
            assertEquals(4, target.stderr().lines().filter(l -> l.startsWith("WARNING")).count(), target.stderr());
            assertTrue(java.nio.file.Files.notExists(Path.of("/tmp", channel)), "the channel is gone after the detach");
            assertEquals(0, target.stop());
        }
    }

    /** A JVM started with the agent opens the channel at the first CLI command, and removes it when it exits. */
    @Test
    void theChannelOfAJavaagentJvmGoesWithIt(@TempDir Path dir) throws Exception {
        try (Target target = Target.start(TestJdk.JDK17, dir, List.of("-javaagent:" + AgentRun.AGENT_JAR),
                AttachTarget.class)) {
            target.await("ready");
            Path channel = Path.of("/tmp", channelOf(target.pid()));
            assertTrue(java.nio.file.Files.notExists(channel), "no /tmp entry for a JVM nobody asked about");
            target.cli("report", "" + target.pid()).expect(0);
            assertTrue(java.nio.file.Files.isDirectory(channel));
            target.cli("report", "" + target.pid()).expect(0);
            assertEquals(0, target.stop());
            assertTrue(java.nio.file.Files.notExists(channel), "deleted at exit");
        }
    }

    /** The channel's name: the JVM's pid and its start time, field 22 of /proc/<pid>/stat. */
    static String channelOf(long pid) throws Exception {
        String stat = java.nio.file.Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return "sockwatch-channel-" + pid + "-" + stat.substring(stat.lastIndexOf(')') + 2).split(" ")[19];
    }

    /** JDK 17: no warning at all. JDK 21+: only the JVM's own notice that an agent was loaded dynamically. */
    static void assertNoWarningsBut(TestJdk jdk, String stderr) {
        List<String> warnings = stderr.lines().filter(l -> l.contains("WARNING")).collect(Collectors.toList());
        if (jdk == TestJdk.JDK25) {
            warnings.removeIf(l -> l.contains("agent has been loaded dynamically") || l.contains("EnableDynamicAgentLoading")
                    || l.contains("jdk.instrument.traceUsage") || l.contains("Dynamic loading of agents"));
        }
        assertEquals(List.of(), warnings, stderr);
    }
}
