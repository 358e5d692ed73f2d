package io.sockwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockwatch.it.apps.HostProbe;
import io.sockwatch.it.apps.LibrariesAfterAttach;
import io.sockwatch.it.apps.RmiRegistry;
import io.sockwatch.testing.AgentRun;
import io.sockwatch.testing.Reports;
import io.sockwatch.testing.Target;
import io.sockwatch.testing.TestJdk;
import io.sockwatch.testing.TimeWaitRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The application cannot tell sockwatch is there: every probe of {@link HostProbe} (networking properties set in
 * main, deep reflection into the JDK, system properties, listening sockets, open files, JMX, threads) reads the same with the
 * agent as without it, and after a detach nothing of sockwatch is left, not even its classes.
 */
class HostIT {
    private static final String THREADS = "threads";
    /** Differs between two JVMs (user.dir at least): compared within one JVM only. */
    private static final String PROPERTY_VALUES = "system property values";

    @ParameterizedTest
    @EnumSource(TestJdk.class)
    void startedWithTheJvmTheApplicationSeesNoDifference(TestJdk jdk, @TempDir Path dir) throws Exception {
        Map<String, String> without = probeOnce(jdk, dir.resolve("without"), List.of(), "plain");
        // json= too: writing a report file must not initialise networking either.
        Map<String, String> with = probeOnce(jdk, dir.resolve("with"),
                List.of("-javaagent:" + AgentRun.AGENT_JAR + "=interval=100ms,json=" + dir.resolve("r.json")), "plain");
        assertEquals("tcp", without.get("listener in"), "the property set in main works without the agent");
        assertEquals(except(without, THREADS, PROPERTY_VALUES), except(with, THREADS, PROPERTY_VALUES));
        assertEquals(plus(without.get(THREADS), "sockwatch-clock", "sockwatch-scanner"), with.get(THREADS),
                "sockwatch's own two threads, nothing else");
        assertEquals("0", with.get("MBean servers"), "sockwatch creates no platform MBean server");
    }

    /** An application that uses JMX itself finds sockwatch's MXBean there (after the first scan). */
    @ParameterizedTest
    @EnumSource(value = TestJdk.class, names = {"JDK17", "JDK25"})
    void theMxBeanIsRegisteredWhereTheApplicationUsesJmx(TestJdk jdk, @TempDir Path dir) throws Exception {
        Map<String, String> without = probeOnce(jdk, dir.resolve("without"), List.of(), "jmx");
        Map<String, String> with = probeOnce(jdk, dir.resolve("with"),
                List.of("-javaagent:" + AgentRun.AGENT_JAR + "=interval=100ms"), "jmx");
        assertEquals("false", without.get("sockwatch MXBean"));
        assertEquals("true", with.get("sockwatch MXBean"));
        assertEquals(except(without, THREADS, PROPERTY_VALUES, "sockwatch MXBean"),
                except(with, THREADS, PROPERTY_VALUES, "sockwatch MXBean"));
    }

    /** sockwatch used to ignore every socket of an "RMI TCP" thread, to hide the JMX connector it started itself. */
    @ParameterizedTest
    @EnumSource(value = TestJdk.class, names = {"JDK17", "JDK25"})
    void theApplicationsOwnRmiSocketsAreTracked(TestJdk jdk, @TempDir Path dir) throws Exception {
        AgentRun run = AgentRun.run(jdk, dir, "interval=100ms", RmiRegistry.class);
        assertEquals(0, run.exitCode, run.describe());
        assertTrue(Reports.counter(run.snapshot("rmi"), "opened", "ACCEPTED_SOCKET") >= 1,
                "the registry's accepted connection: " + run.describe());
    }

    /**
     * Every CLI command, then a detach: the application sees the same before, during and after, system properties
     * compared name and value (a default time zone initialised by sockwatch would add {@code user.timezone}).
     */
    @ParameterizedTest
    @EnumSource(value = TestJdk.class, names = {"JDK17", "JDK25"})
    void everyCliCommandAndTheDetachLeaveNothingBehind(TestJdk jdk, @TempDir Path dir) throws Exception {
        TimeWaitRows.enoughForNetlink(); // so that on Java 22+ the detach must undo the netlink reader too
        try (Target target = Target.start(jdk, dir, List.of(), HostProbe.class)) {
            target.await("ready");
            String pid = Long.toString(target.pid());
            assertTrue(target.cli("list").expect(0).stdout.lines().anyMatch(l -> l.equals(pid + "\t" + HostProbe.class.getName())),
                    "listed, unmarked");
            Set<Path> tmpBefore = sockwatchInTmp();
            Map<String, String> before = probe(target, "before");
            assertFalse(before.get(THREADS).contains("Attach Listener"), "list attached to nothing: " + before);
            assertFalse(before.get(PROPERTY_VALUES).contains("user.timezone="), "the probe itself sets nothing: " + before);

            target.cli("attach", pid, "interval=100ms").expect(0);
            assertTrue(target.cli("list").expect(0).stdout.lines().anyMatch(l -> l.equals(pid + "\t[sockwatch] "
                    + HostProbe.class.getName())), "marked while running");
            assertTrue(target.cli("attach", pid, "interval=100ms", "--report").expect(0).stdout
                    .contains("=== sockwatch report, pid " + pid));
            Reports.parse(target.cli("attach", pid, "interval=100ms", "--json").expect(0).stdout);
            assertTrue(target.cli("report", pid).expect(0).stdout.contains("=== sockwatch report, pid " + pid));
            Map<String, Object> json = Reports.parse(target.cli("report", "--json", pid).expect(0).stdout);
            assertEquals(jdk == TestJdk.JDK25 ? "netlink" : "proc", json.get("kernelReader"),
                    "what the detach must leave nothing of includes the netlink reader's module and socket");
            Path html = dir.resolve("report.html");
            target.cli("report", pid, "--html", html.toString()).expect(0);
            assertTrue(Files.readString(html).contains("</html>"), "the page was written");
            Thread.sleep(300); // a few scans
            Map<String, String> during = probe(target, "during");
            assertEquals(List.of(), changedProperties(before, during), "properties added, removed or changed");
            assertEquals(except(before, THREADS), except(during, THREADS), "no connector, no property, no opened package");
            assertEquals(plus(before.get(THREADS), "Attach Listener", "sockwatch-channel", "sockwatch-clock",
                    "sockwatch-scanner"), during.get(THREADS), "the channel's thread serves the CLI's requests");

            target.cli("detach", pid).expect(0);
            Map<String, String> after = probe(target, "after");
            assertEquals(List.of(), changedProperties(before, after), "properties added, removed or changed");
            assertEquals(except(before, THREADS), except(after, THREADS));
            assertEquals(plus(before.get(THREADS), "Attach Listener"), after.get(THREADS),
                    "only the JVM's own attach thread, which any jcmd starts too");
            assertSockwatchUnloaded(jdk, target.pid());
            assertEquals(List.of(), leftInTmp(tmpBefore, target.pid()), "the channel's and every reply directory deleted");

            assertEquals(0, target.stop());
            assertFalse(target.stderr().contains("no leaks") || target.stderr().contains("sockwatch report"),
                    "no exit report after a detach: " + target.stderr());
        }
    }

    /**
     * The library hooks leave nothing either: the classes of pools and Netty channels they transformed, and the
     * per-class getters sockwatch cached on them, do not keep sockwatch's class loader alive after a detach.
     */
    @ParameterizedTest
    @EnumSource(value = TestJdk.class, names = {"JDK17", "JDK25"})
    void detachAfterTheLibraryHooksRanLeavesNothingBehind(TestJdk jdk, @TempDir Path dir) throws Exception {
        try (Target target = Target.start(jdk, dir, List.of(), LibrariesAfterAttach.class)) {
            target.await("ready");
            String pid = Long.toString(target.pid());
            target.cli("attach", pid, "interval=100ms").expect(0);
            target.touch("go");
            target.await("used");
            Map<String, Object> report = Reports.parse(target.cli("report", "--json", pid).expect(0).stdout);
            List<Map<String, Object>> sockets = Reports.list(report, "sockets");
            assertEquals(4, sockets.stream().filter(s -> s.get("pool") != null).count(), "one idle per pool: " + sockets);
            assertTrue(sockets.stream().anyMatch(s -> "NETTY_EPOLL_CHANNEL".equals(s.get("kind"))), sockets.toString());
            target.cli("detach", pid).expect(0);
            assertSockwatchUnloaded(jdk, target.pid());
            assertEquals(0, target.stop());
        }
    }

    /** The {@code name=value} entries in one probe's properties and not the other's (a readable failure). */
    private static List<String> changedProperties(Map<String, String> before, Map<String, String> after) {
        Set<String> was = entries(before.get(PROPERTY_VALUES));
        Set<String> is = entries(after.get(PROPERTY_VALUES));
        return Stream.concat(was.stream().filter(e -> !is.contains(e)).map(e -> "- " + e),
                is.stream().filter(e -> !was.contains(e)).map(e -> "+ " + e)).sorted().collect(Collectors.toList());
    }

    private static Set<String> entries(String list) {
        return Stream.of(list.substring(1, list.length() - 1).split(", ")).collect(Collectors.toSet());
    }

    private static Set<Path> sockwatchInTmp() throws IOException {
        try (Stream<Path> tmp = Files.list(Path.of("/tmp"))) {
            return tmp.filter(f -> f.getFileName().toString().startsWith("sockwatch-")).collect(Collectors.toSet());
        }
    }

    /**
     * What sockwatch left in /tmp: this JVM's channel directory, or a CLI reply directory that appeared during
     * the test. Other runs on the machine create and delete theirs meanwhile: only what is still there a while
     * later counts, and another JVM's channel directory never does.
     */
    private static List<Path> leftInTmp(Set<Path> before, long pid) throws Exception {
        List<Path> left = List.of();
        for (int attempt = 0; attempt < 20; attempt++) {
            left = sockwatchInTmp().stream().filter(f -> !before.contains(f))
                    .filter(f -> f.getFileName().toString().startsWith("sockwatch-channel-" + pid + "-")
                            || f.getFileName().toString().startsWith("sockwatch-cli-"))
                    .sorted().collect(Collectors.toList());
            if (left.isEmpty()) {
                return left;
            }
            Thread.sleep(100);
        }
        return left;
    }

    private static Map<String, String> probeOnce(TestJdk jdk, Path dir, List<String> jvmArgs, String mode)
            throws Exception {
        Files.createDirectories(dir);
        try (Target target = Target.start(jdk, dir, jvmArgs, HostProbe.class, mode)) {
            target.await("ready");
            Thread.sleep(500); // a few scans
            Map<String, String> probe = probe(target, "x");
            assertEquals(0, target.stop());
            AttachIT.assertNoWarningsBut(jdk, target.stderr());
            return probe;
        }
    }

    private static Map<String, String> probe(Target target, String label) throws Exception {
        target.touch("probe-" + label);
        target.await("probed-" + label);
        Map<String, String> probe = new LinkedHashMap<>();
        String prefix = label + " ";
        for (String line : target.stdout().lines().filter(l -> l.startsWith(prefix)).collect(Collectors.toList())) {
            String rest = line.substring(prefix.length());
            int split = rest.lastIndexOf(rest.endsWith("]") ? " [" : " ");
            probe.put(rest.substring(0, split), rest.substring(split + 1));
        }
        return probe;
    }

    private static Map<String, String> except(Map<String, String> probe, String... keys) {
        Map<String, String> rest = new LinkedHashMap<>(probe);
        for (String key : keys) {
            rest.remove(key);
        }
        return rest;
    }

    /** A probed thread list ({@code [a, b]}) with more names, in the same sorted form. */
    private static String plus(String threads, String... names) {
        java.util.TreeSet<String> all = new java.util.TreeSet<>(List.of(threads.substring(1, threads.length() - 1).split(", ")));
        all.addAll(List.of(names));
        return all.toString();
    }

    /** What the application's class loader keeps of sockwatch: the entry class and the class of sockwatch's loader. */
    private static final List<String> ENTRY_CLASSES = List.of("io.sockwatch.agent.SockwatchAgent",
            "io.sockwatch.agent.SockwatchAgent$AgentLoader");

    /**
     * Only the entry classes are left (the JVM loads them into the application's class loader and never unloads that):
     * sockwatch's own class loader was unloaded, so no transformer, thread, MBean or thread-local holds it. On
     * JDK 17 compiled code of the JDK methods as they were instrumented holds the classes until the JIT's sweeper
     * frees it, so this waits for a few GCs.
     */
    static void assertSockwatchUnloaded(TestJdk jdk, long pid) throws Exception {
        List<String> loaded = List.of();
        for (int attempt = 0; attempt < 40; attempt++) {
            jcmd(jdk, pid, "GC.run");
            loaded = jcmd(jdk, pid, "VM.class_hierarchy").lines()
                    .map(l -> l.replaceAll("^[|\\s-]+", "").replaceAll("/.*$", ""))
                    .filter(c -> c.startsWith("io.sockwatch.agent.")).sorted().collect(Collectors.toList());
            if (loaded.equals(ENTRY_CLASSES)) {
                return;
            }
            Thread.sleep(500);
        }
        assertEquals(ENTRY_CLASSES, loaded, "sockwatch's class loader was unloaded");
    }

    static String jcmd(TestJdk jdk, long pid, String command) throws Exception {
        Process jcmd = new ProcessBuilder(jdk.java().resolveSibling("jcmd").toString(), Long.toString(pid), command)
                .redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes());
        assertTrue(jcmd.waitFor(30, TimeUnit.SECONDS));
        return out;
    }
}
