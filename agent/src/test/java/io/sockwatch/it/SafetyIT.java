package io.sockwatch.it;

import static io.sockwatch.testing.Reports.counter;
import static io.sockwatch.testing.Reports.list;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockwatch.it.apps.Behaviour;
import io.sockwatch.it.apps.DroppedInCloseWait;
import io.sockwatch.it.apps.EvilNames;
import io.sockwatch.it.apps.ForgedNames;
import io.sockwatch.it.apps.NoSockets;
import io.sockwatch.it.apps.ThrowingPoolGetter;
import io.sockwatch.it.apps.UnhookableLibrary;
import io.sockwatch.it.apps.UnloadedOpener;
import io.sockwatch.testing.AgentRun;
import io.sockwatch.testing.Reports;
import io.sockwatch.testing.TestJdk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** sockwatch cannot hurt the JVM it runs in: bad input, faults, foreign data and unchanged socket behaviour. */
class SafetyIT {

    @Test
    void malformedOptionsNeverStopTheApplication(@TempDir Path dir) throws Exception {
        List<String> options = new ArrayList<>(List.of("", ",", "=", "==", "interval", "interval=", "interval=5",
                "interval=-1s", "interval=0s", "interval=5x", "threshold=99999999999999s", "json=", "report=",
                "unknown=1", "skip=", "interval=1s,,threshold=2s", "a=b=c", " interval = 1s ", "json=/proc/nope/x.json"));
        Random random = new Random(42);
        String alphabet = "interval=thresholdjsonreportskip,:;=msh0123456789-_ ./\\\"'{}[]%$";
        for (int i = 0; i < 16; i++) {
            StringBuilder s = new StringBuilder();
            for (int n = random.nextInt(40); n > 0; n--) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            options.add(s.toString());
        }
        for (String option : options) {
            AgentRun run = AgentRun.launch(TestJdk.JDK17, dir, List.of("-javaagent:" + AgentRun.AGENT_JAR + "=" + option),
                    NoSockets.class, new String[] {"0"}, null);
            String context = "option string '" + option + "': " + run.describe();
            assertEquals(0, run.exitCode, context);
            assertTrue(run.stdout.contains("tcpSocketFds=0"), context);
            assertFalse(run.stderr.contains("\tat ") || run.stderr.contains("Exception in"), "no stack trace: " + context);
            for (String line : run.stderr.lines().collect(Collectors.toList())) {
                assertTrue(line.startsWith("sockwatch: "), "every line is a sockwatch line: " + context);
            }
        }
    }

    @Test
    void unwritableJsonPathIsOneLineAndTheApplicationRuns(@TempDir Path dir) throws Exception {
        AgentRun run = AgentRun.launch(TestJdk.JDK17, dir,
                List.of("-javaagent:" + AgentRun.AGENT_JAR + "=interval=100ms,json=/proc/forbidden/report.json"),
                NoSockets.class, new String[] {"500"}, null);
        assertEquals(0, run.exitCode, run.describe());
        List<String> problems = run.stderr.lines().filter(l -> l.contains("cannot write json=")).collect(Collectors.toList());
        assertEquals(1, problems.size(), "one line, not one per scan: " + run.describe());
    }

    @ParameterizedTest
    @EnumSource(value = TestJdk.class, names = {"JDK17", "JDK25"})
    void withoutProcTrackingAndGcLeaksStillWork(TestJdk jdk, @TempDir Path dir) throws Exception {
        // a sandbox without procfs: /proc unmounted in a mount namespace of its own; the launcher finds its
        // libraries through /proc/self/exe otherwise
        Path libraries = jdk.java().getParent().getParent().resolve("lib");
        AgentRun run = AgentRun.runWrapped(List.of("unshare", "-m", "sh", "-c",
                "umount -l /proc && LD_LIBRARY_PATH=" + libraries + " exec \"$@\"", "sh"), jdk, dir, "interval=100ms",
                DroppedInCloseWait.class);
        assertEquals(0, run.exitCode, run.describe());
        Map<String, Object> report = run.snapshot("after-gc");
        assertEquals(Boolean.FALSE, report.get("kernelStates"));
        assertTrue(((String) report.get("kernelProblem")).contains("/proc/self/net"), report.toString());
        assertEquals(1L, counter(report, "reclaimedWithoutClose", "SOCKET"));
        assertTrue(list(report, "sockets").stream().allMatch(s -> "UNKNOWN".equals(s.get("state"))));
        assertEquals(1, run.stderr.lines().filter(l -> l.startsWith("sockwatch: WARN") && l.contains("kernel TCP states")).count(),
                "said once, never spammed: " + run.stderr);
    }

    /** A relocated copy of OkHttp's RealCall from a version without the method sockwatch hooks. */
    @Test
    void aClassThatCannotBeInstrumentedDisablesOnlyItsPart(@TempDir Path dir) throws Exception {
        AgentRun run = AgentRun.run(TestJdk.JDK17, dir, "interval=100ms", UnhookableLibrary.class);
        assertEquals(0, run.exitCode, run.describe());
        assertEquals(1, run.stderr.lines().filter(l -> l.startsWith("sockwatch: WARN could not instrument "
                + "okhttp3.internal.connection.RealCall (java.lang.IllegalStateException: none of its methods is the "
                + "one to hook); leased OkHttp pooled sockets will not be tracked, the application runs on")).count(),
                run.stderr);
        Map<String, Object> open = run.snapshot("open");
        assertEquals(1L, counter(open, "opened", "SOCKET"), "the other hooks still work");
        assertEquals(1L, counter(open, "opened", "ACCEPTED_SOCKET"));
    }

    /**
     * A failure inside sockwatch, from the application's own code: a pooled connection whose getter throws. Each
     * return (on the application's thread) and each scan of the leased one (on the scanner's) calls it; each
     * failure is counted, the last one named, the text report says so, and the application and the tracking of
     * its sockets go on.
     */
    @Test
    void internalErrorsAreCountedAndShownWhileTheApplicationRunsOn(@TempDir Path dir) throws Exception {
        AgentRun run = AgentRun.run(TestJdk.JDK17, dir, "interval=100ms", ThrowingPoolGetter.class);
        assertEquals(0, run.exitCode, run.describe());
        assertTrue(run.stdout.contains("the application ran on"), run.describe());
        Map<String, Object> report = run.snapshot("open");
        Map<?, ?> errors = (Map<?, ?>) report.get("internalErrors");
        assertTrue((Long) errors.get("count") >= 3, "one per return at least: " + errors);
        assertTrue(((String) errors.get("last")).endsWith(
                "java.lang.IllegalStateException: connection is idle: borrow it first"), errors.toString());
        assertEquals(1L, counter(report, "opened", "SOCKET"), "tracked: " + report.get("counters"));
        assertEquals(1L, counter(report, "opened", "ACCEPTED_SOCKET"));
        assertTrue(run.stderr.contains("sockwatch internal errors: "), "the text report says so: " + run.stderr);
        assertFalse(run.stderr.contains("\tat "), "no stack trace reaches the application's stderr: " + run.stderr);
    }

    @Test
    void noListeningSocketAndOwnerOnlyReportFiles(@TempDir Path dir) throws Exception {
        AgentRun run = AgentRun.run(TestJdk.JDK17, dir, "interval=100ms,report=" + dir.resolve("report.txt"),
                NoSockets.class, "500");
        assertEquals(0, run.exitCode, run.describe());
        assertTrue(run.stdout.contains("tcpSocketFds=0"), "sockwatch opened no TCP socket: " + run.describe());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(run.json)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("report.txt"))));
    }

    /**
     * The attack: another user watches the directory for report files to read. The agent runs with umask 000 (a
     * file it creates is 0666 until made otherwise) and writes all three files at every scan, while this test lists
     * the directory as fast as it can: no entry may ever carry a group or other permission bit, not for a moment.
     */
    @ParameterizedTest
    @EnumSource(value = TestJdk.class, names = {"JDK17", "JDK25"})
    void reportFilesAreNeverReadableByOthersNotEvenWhileWritten(TestJdk jdk, @TempDir Path dir) throws Exception {
        Set<String> harnessFiles = Set.of("stdout.txt", "stderr.txt");
        Set<String> exposed = ConcurrentHashMap.newKeySet();
        AtomicInteger seen = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread watcher = new Thread(() -> {
            while (running.get()) {
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                    for (Path entry : entries) {
                        if (harnessFiles.contains(entry.getFileName().toString())) {
                            continue;
                        }
                        try {
                            Set<PosixFilePermission> mode = Files.readAttributes(entry, PosixFileAttributes.class,
                                    LinkOption.NOFOLLOW_LINKS).permissions();
                            seen.incrementAndGet();
                            if (mode.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                                exposed.add(entry.getFileName() + " " + PosixFilePermissions.toString(mode));
                            }
                        } catch (NoSuchFileException gone) {
                            // renamed or deleted between listing and reading
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        watcher.start();
        AgentRun run;
        try {
            run = AgentRun.runWrapped(List.of("sh", "-c", "umask 000 && exec \"$@\"", "sh"), jdk, dir,
                    "interval=100ms,html=" + dir.resolve("report.html") + ",report=" + dir.resolve("report.txt"),
                    NoSockets.class, "4000");
        } finally {
            running.set(false);
            watcher.join();
        }
        assertEquals(0, run.exitCode, run.describe());
        assertTrue(seen.get() > 100, "the watcher saw the files being written: " + seen);
        assertEquals(Set.of(), exposed, "entries another user could have opened");
        for (String name : List.of("report.json", "report.html", "report.txt")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(name))), name);
        }
    }

    @Test
    void applicationStringsAreEscapedInJson(@TempDir Path dir) throws Exception {
        AgentRun run = AgentRun.run(TestJdk.JDK17, dir, "interval=100ms,threshold=200ms", EvilNames.class);
        assertEquals(0, run.exitCode, run.describe());
        Map<String, Object> report = run.snapshot("leaked"); // parses strictly, or throws
        Map<String, Object> leak = list(report, "leaks").get(0);
        assertEquals(EvilNames.NAME, Reports.thread(report, leak.get("openedBy")).get("name"));
        assertEquals(EvilNames.NAME, Reports.threads(report, leak).get(0).get("name"));
    }

    /**
     * The attack: names the application controls (its threads, its classes and their source files) hold terminal
     * escapes and a forged LEAK line. sockwatch's stderr, the line for the new leak and the text report at exit,
     * shows them as visible escapes: one LEAK line for the one leak, no ESC byte. The JSON report keeps them exact.
     */
    @ParameterizedTest
    @EnumSource(value = TestJdk.class, names = {"JDK17", "JDK25"})
    void namesTheApplicationControlsCannotRepaintTheTerminalOrForgeALine(TestJdk jdk, @TempDir Path dir) throws Exception {
        AgentRun run = AgentRun.run(jdk, dir, "interval=100ms,threshold=200ms", ForgedNames.class);
        assertEquals(0, run.exitCode, run.describe().replace("\u001b", "<ESC>"));
        Map<String, Object> report = run.snapshot("leaked");
        Map<String, Object> leak = list(report, "leaks").get(0);
        assertEquals(ForgedNames.OPENER_THREAD, Reports.thread(report, leak.get("openedBy")).get("name"));
        assertEquals(ForgedNames.READER_THREAD, Reports.threads(report, leak).get(0).get("name"));
        assertTrue(((String) leak.get("site")).startsWith(ForgedNames.OPENER_CLASS + ".open("), leak.toString());

        String shown = run.stderr.replace("\u001b", "<ESC>"); // a failure must not repaint the test's console either
        assertFalse(run.stderr.contains("\u001b"), "no ESC byte: " + shown);
        String site = "Forged\\ec.open(\\e[2JForged.java\\n" + ForgedNames.FORGED_LINE + "\\n)";
        assertEquals(List.of("LEAK 1/1: 1 socket(s) in CLOSE_WAIT opened at " + site),
                run.stderr.lines().filter(l -> l.startsWith("LEAK")).collect(Collectors.toList()), shown);
        assertEquals(1, run.stderr.lines().filter(l -> l.startsWith("sockwatch: WARN LEAK: 1 socket(s) in CLOSE_WAIT opened at "
                + site + "; the full report")).count(), "the line for the new leak: " + shown);
        assertTrue(run.stderr.contains("opened by thread \"\\e[2J\\e[31mevil\" #"), shown);
        assertTrue(run.stderr.contains("last I/O by thread \"x\\n" + ForgedNames.FORGED_LINE + "\" #"), shown);
    }

    @ParameterizedTest
    @EnumSource(value = TestJdk.class, names = {"JDK17", "JDK17_PLAIN_SOCKET_IMPL", "JDK25"})
    void exceptionsTimeoutsAndCloseSemanticsAreUnchanged(TestJdk jdk, @TempDir Path dir) throws Exception {
        AgentRun without = AgentRun.launch(jdk, dir, jdk.flags(), Behaviour.class, new String[0], null);
        AgentRun with = AgentRun.run(jdk, dir, "interval=100ms", Behaviour.class);
        assertEquals(0, without.exitCode, without.describe());
        assertEquals(0, with.exitCode, with.describe());
        assertTrue(without.stdout.lines().count() >= 13, without.stdout);
        assertEquals(without.stdout, with.stdout);
    }

    @ParameterizedTest
    @EnumSource(value = TestJdk.class, names = {"JDK17", "JDK25"})
    void applicationClassLoadersAreCollectedAsWithoutTheAgent(TestJdk jdk, @TempDir Path dir) throws Exception {
        AgentRun without = AgentRun.launch(jdk, dir, jdk.flags(), UnloadedOpener.class, new String[0], null);
        // No scan in between: the socket's allocation stack is still the raw trace that pins the loader.
        AgentRun with = AgentRun.run(jdk, dir, "interval=10m", UnloadedOpener.class);
        assertEquals(0, without.exitCode, without.describe());
        assertEquals(0, with.exitCode, with.describe());
        assertTrue(without.stdout.contains("loaderCollected=true"), "the scenario frees its loader: " + without.describe());
        assertEquals(without.stdout, with.stdout);
    }
}
