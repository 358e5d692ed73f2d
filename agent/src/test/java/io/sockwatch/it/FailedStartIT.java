package io.sockwatch.it;

import static io.sockwatch.testing.Reports.list;
import static io.sockwatch.testing.SourceLines.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockwatch.it.apps.AttachTarget;
import io.sockwatch.testing.AgentRun;
import io.sockwatch.testing.Reports;
import io.sockwatch.testing.Target;
import io.sockwatch.testing.TestJdk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A start that fails half-way leaves nothing running. The failure is the one of an application at its thread limit
 * ({@code ulimit -u}, RLIMIT_NPROC) during an incident: the JVM cannot start sockwatch's threads. The target runs
 * as a system user that runs nothing else, because root is exempt from the limit and the limit counts every thread
 * of the user; the limit is lowered on the running JVM, as {@code prlimit} by its own user does it.
 */
class FailedStartIT {
    /** Tried in this order; the first one without a process is the target's. */
    private static final List<String> SYSTEM_USERS = List.of("games", "news", "uucp", "proxy", "backup", "list",
            "irc", "lp", "man", "nobody");
    /** Nothing starts threads lazily, so that "one thread to spare" lets exactly sockwatch's clock start. */
    private static final List<String> FIXED_THREADS = List.of("-XX:+UseSerialGC",
            "-XX:-UseDynamicNumberOfCompilerThreads", "-Xlog:redefine+class+load=info");
    private static final Pattern REDEFINED = Pattern.compile("redefined name=(\\S+), count=(\\d+)");

    @ParameterizedTest
    @EnumSource(value = TestJdk.class, names = {"JDK17", "JDK25"})
    void anAttachThatCannotStartItsThreadsLeavesNothingAndALaterOneWorks(TestJdk jdk, @TempDir Path dir)
            throws Exception {
        List<String> asUser = asIdleSystemUser();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x")); // the target's cwd
        assertReadableAs(asUser, AgentRun.AGENT_JAR);
        try (Target target = Target.startWrapped(asUser, jdk, dir, FIXED_THREADS, AttachTarget.class)) {
            target.await("ready");
            String pid = Long.toString(target.pid());
            // The JVM's attach thread starts at the first attach, and the attach needs it: start it before the limit.
            HostIT.jcmd(jdk, target.pid(), "VM.version");

            // 1 to spare: the clock thread starts, the scanner thread cannot (the old code left the clock and
            // the hooks running); 0: not even the clock starts (the old code left the hooks).
            for (int spare = 1; spare >= 0; spare--) {
                String failedThread = spare == 1 ? "sockwatch-scanner" : "sockwatch-clock";
                limitThreads(asUser, target.pid(), spare);
                Target.Cli failed = target.cli("attach", pid).expect(1);
                assertEquals(1, failed.stderr.lines().count(), failed.toString());
                assertTrue(failed.stderr.startsWith("sockwatch: could not start (java.lang.OutOfMemoryError: "
                        + "unable to create native thread") && failed.stderr.trim().endsWith(
                        "); socket tracking is off, the application runs on") && !failed.stderr.contains(", and "),
                        "one line, everything undone: " + failed);
                assertTrue(target.stdout().contains("Failed to start the native thread for java.lang.Thread \""
                        + failedThread + "\""), "the JVM refused " + failedThread + ": " + target.stdout());

                assertEquals(List.of(), sockwatchThreads(target.pid()), "no sockwatch thread left");
                String listed = target.cli("list").expect(0).stdout;
                assertTrue(listed.lines().anyMatch(l -> l.equals(pid + "\t" + AttachTarget.class.getName())),
                        "listed, unmarked: " + listed);
                assertTrue(target.cli("detach", pid).expect(1).stderr.contains("not running in " + pid));
                assertEquals(Map.of(), unevenlyRedefined(target.stdout()),
                        "every JDK socket class instrumented was restored (retransformed once more)");
                // No transformer, hook dispatcher, thread or shutdown hook holds sockwatch's class loader.
                HostIT.assertSockwatchUnloaded(jdk, target.pid());
            }
            assertTrue(redefinitions(target.stdout()).containsKey("sun.nio.ch.NioSocketImpl"),
                    "the failed starts had instrumented the JDK: " + target.stdout());

            unlimitThreads(asUser, target.pid());
            target.cli("attach", pid, "interval=100ms,threshold=500ms").expect(0);
            target.touch("leak-1");
            target.await("leaked-1");
            Thread.sleep(1500);
            Map<String, Object> report = Reports.parse(target.cli("report", "--json", pid).expect(0).stdout);
            assertEquals(List.of(frame(AttachTarget.class, "leakAfterAttach", "open:after-attach")),
                    list(report, "leaks").stream().map(g -> g.get("site")).collect(Collectors.toList()),
                    "the attach after the failed ones tracks: " + report);
            target.cli("detach", pid).expect(0);
            assertEquals(0, target.stop());
        }
    }

    /** Lets the target's user start {@code spare} more threads: RLIMIT_NPROC counts all threads of the user. */
    private static void limitThreads(List<String> asUser, long pid, int spare) throws Exception {
        prlimit(asUser, pid, "--nproc=" + (threadsOfUser(pid) + spare) + ":");
    }

    /** The soft limit back to the hard one, which its user may always do. */
    private static void unlimitThreads(List<String> asUser, long pid) throws Exception {
        String limits = Files.readString(Path.of("/proc", Long.toString(pid), "limits"));
        Matcher processes = Pattern.compile("Max processes\\s+\\S+\\s+(\\S+)").matcher(limits);
        assertTrue(processes.find(), limits);
        prlimit(asUser, pid, "--nproc=" + processes.group(1) + ":");
    }

    /** As the target's user: root without CAP_SYS_RESOURCE (a container) may not change another user's limits. */
    private static void prlimit(List<String> asUser, long pid, String limit) throws Exception {
        List<String> command = new ArrayList<>(asUser);
        command.addAll(List.of("prlimit", "--pid", Long.toString(pid), limit));
        Process prlimit = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(prlimit.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(prlimit.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, prlimit.exitValue(), command + ": " + out);
    }

    private static long threadsOfUser(long pid) throws IOException {
        long threads = 0;
        for (Path process : processesOf(Files.getAttribute(Path.of("/proc", Long.toString(pid)), "unix:uid"))) {
            try (Stream<Path> tasks = Files.list(process.resolve("task"))) {
                threads += tasks.count();
            } catch (IOException | UncheckedIOException ended) {
                // gone while counting
            }
        }
        return threads;
    }

    private static List<Path> processesOf(Object uid) throws IOException {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes.filter(p -> p.getFileName().toString().matches("[0-9]+")).filter(p -> {
                try {
                    return uid.equals(Files.getAttribute(p, "unix:uid"));
                } catch (IOException | RuntimeException ended) {
                    return false;
                }
            }).collect(Collectors.toList());
        }
    }

    private static List<String> sockwatchThreads(long pid) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                String name = Files.readString(task.resolve("comm")).trim();
                if (name.startsWith("sockwatch-")) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /** How often the JVM redefined each class (its {@code -Xlog:redefine+class+load} lines). */
    private static Map<String, Integer> redefinitions(String log) {
        Map<String, Integer> count = new TreeMap<>();
        Matcher m = REDEFINED.matcher(log);
        while (m.find()) {
            count.merge(m.group(1), Integer.parseInt(m.group(2)), Math::max);
        }
        return count;
    }

    /** Classes retransformed an odd number of times: instrumented by a start and never restored. */
    private static Map<String, Integer> unevenlyRedefined(String log) {
        Map<String, Integer> uneven = new TreeMap<>(redefinitions(log));
        uneven.values().removeIf(n -> n % 2 == 0);
        return uneven;
    }

    /**
     * {@code setpriv} as a system user that no process runs as; one with a name, which the JVM's performance data,
     * and so {@code list}, need.
     */
    private static List<String> asIdleSystemUser() throws Exception {
        for (String user : SYSTEM_USERS) {
            Process id = new ProcessBuilder("id", "-u", user).start();
            String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (id.waitFor() == 0 && processesOf(Integer.valueOf(uid)).isEmpty()) {
                return List.of("setpriv", "--reuid=" + user, "--regid=" + groupOf(user), "--clear-groups");
            }
        }
        throw new AssertionError("every one of the system users " + SYSTEM_USERS + " runs a process, or none exists");
    }

    private static String groupOf(String user) throws Exception {
        Process id = new ProcessBuilder("id", "-g", user).start();
        String gid = new String(id.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assertEquals(0, id.waitFor());
        return gid;
    }

    private static void assertReadableAs(List<String> asUser, Path file) throws Exception {
        List<String> command = new ArrayList<>(asUser);
        command.addAll(List.of("test", "-r", file.toString()));
        assertEquals(0, new ProcessBuilder(command).start().waitFor(), "this test runs its target as " + asUser
                + ", who must be able to read " + file + " and the test classes (a checkout that others can read)");
    }
}
