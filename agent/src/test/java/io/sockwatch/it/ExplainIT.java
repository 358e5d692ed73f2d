package io.sockwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockwatch.agent.explain.HeapDumpAnalysis;
import io.sockwatch.it.apps.LeasedPoolConnection;
import io.sockwatch.it.apps.NettyEpollHalfClosed;
import io.sockwatch.it.apps.StuckBeforeAttach;
import io.sockwatch.testing.AgentRun;
import io.sockwatch.testing.Reports;
import io.sockwatch.testing.SourceLines;
import io.sockwatch.testing.Target;
import io.sockwatch.testing.TestJdk;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code explain <pid>} on JVMs whose CLOSE_WAIT sockets were made before any agent existed: each socket is named
 * with what holds it, from a heap dump the CLI takes, reads and deletes.
 */
class ExplainIT {
    private static final String APP = StuckBeforeAttach.class.getName();

    @ParameterizedTest
    @EnumSource(TestJdk.class)
    void namesTheThreadFrameOrFieldChainThatHoldsEachStuckSocket(TestJdk jdk, @TempDir Path dir) throws Exception {
        try (Target target = Target.start(jdk, dir, List.of(), StuckBeforeAttach.class)) {
            target.await("stuck");
            Set<String> tmpBefore = sockwatchDirsInTmp();
            Target.Cli cli = target.cli("explain", "" + target.pid(), "--yes", "--json").expect(0);
            assertEquals(tmpBefore, sockwatchDirsInTmp(), "the dump and its directory are deleted");
            assertTrue(cli.stderr.contains("secrets"), "warns that the dump holds the application's data: " + cli);
            List<Map<String, Object>> sockets = sockets(cli.stdout);
            assertEquals(8, sockets.size(), cli.stdout);

            String hung = "thread \"%s\" at " + SourceLines.frame(StuckBeforeAttach.class, "serve", "hung");
            List<Map<String, Object>> handlers = held(sockets, "thread ");
            assertEquals(Set.of(List.of(String.format(hung, "handler-1"), "java.net.Socket"),
                            List.of(String.format(hung, "handler-2"), "java.net.Socket")),
                    handlers.stream().map(s -> s.get("retention")).collect(Collectors.toSet()), cli.stdout);
            for (Map<String, Object> s : handlers) {
                Map<?, ?> thread = (Map<?, ?>) s.get("thread");
                assertEquals("TIMED_WAITING", thread.get("state"), cli.stdout);
                List<?> stack = (List<?>) thread.get("stack");
                assertTrue(stack.get(((Number) thread.get("frame")).intValue()).toString()
                        .startsWith(APP + ".serve("), cli.stdout);
                assertEquals("CLOSE_WAIT", s.get("state"));
            }

            List<Map<String, Object>> pooled = held(sockets, "static " + APP + ".POOL");
            assertEquals(Set.of(0, 1, 2).stream().map(i -> List.of("static " + APP + ".POOL", "ArrayList[" + i + "]",
                            "StuckBeforeAttach$Conn.socket", "java.net.Socket")).collect(Collectors.toSet()),
                    pooled.stream().map(s -> s.get("retention")).collect(Collectors.toSet()), cli.stdout);

            List<Map<String, Object>> channels = held(sockets, "static " + APP + ".CHANNELS");
            assertEquals(1, channels.size(), cli.stdout);
            assertEquals(List.of("static " + APP + ".CHANNELS", "ConcurrentHashMap[\"backend\"]",
                    "sun.nio.ch.SocketChannelImpl"), channels.get(0).get("retention"));
            assertEquals("sun.nio.ch.SocketChannelImpl", channels.get(0).get("object"));

            List<Map<String, Object>> adaptors = held(sockets, "static " + APP + ".adaptor");
            assertEquals(1, adaptors.size(), "the adaptor's channel: " + cli.stdout);
            assertEquals(List.of("static " + APP + ".adaptor", "SocketAdaptor.sc", "sun.nio.ch.SocketChannelImpl"),
                    adaptors.get(0).get("retention"));

            List<Map<String, Object>> garbage = sockets.stream()
                    .filter(s -> "CLOSED_BY_DUMP_GC".equals(s.get("verdict"))).collect(Collectors.toList());
            assertEquals(1, garbage.size(), "the socket dropped without close(): " + cli.stdout);
            assertEquals(List.of(), garbage.get(0).get("retention"));

            String text = target.cli("explain", "" + target.pid(), "--yes").expect(0).stdout;
            assertTrue(text.contains("2 sockets held as a local by a thread at "
                    + SourceLines.frame(StuckBeforeAttach.class, "serve", "hung")), text);
            assertTrue(text.contains("3 sockets held by static " + APP + ".POOL → ArrayList[*] → "
                    + "StuckBeforeAttach$Conn.socket → java.net.Socket"), text);
            assertEquals(0, target.stop(), "the application runs on");
        }
    }

    @Test
    void namesUnnamedVirtualThreadsByTheirId(@TempDir Path dir) throws Exception {
        try (Target target = Target.start(TestJdk.JDK25, dir, List.of(), StuckBeforeAttach.class, "0", "virtual")) {
            target.await("stuck");
            List<Map<String, Object>> handlers = held(sockets(
                    target.cli("explain", "" + target.pid(), "--yes", "--json").expect(0).stdout), "virtual thread #");
            assertEquals(2, handlers.size(), handlers.toString());
            for (Map<String, Object> s : handlers) {
                Map<?, ?> thread = (Map<?, ?>) s.get("thread");
                assertEquals(true, thread.get("virtual"));
                assertEquals("", thread.get("name"));
                assertEquals(List.of("virtual thread #" + thread.get("id") + " at "
                                + SourceLines.frame(StuckBeforeAttach.class, "serve", "hung"), "java.net.Socket"),
                        s.get("retention"));
            }
            assertEquals(0, target.stop());
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestJdk.class, names = {"JDK17", "JDK25"})
    void namesTheFieldsOfTheConnectionPoolHoldingALeasedConnection(TestJdk jdk, @TempDir Path dir) throws Exception {
        try (Target target = Target.start(jdk, dir, List.of(), LeasedPoolConnection.class)) {
            target.await("stuck");
            List<Map<String, Object>> sockets = sockets(
                    target.cli("explain", "" + target.pid(), "--yes", "--json").expect(0).stdout);
            assertEquals(1, sockets.size(), sockets.toString());
            assertEquals(List.of("static " + LeasedPoolConnection.class.getName() + ".CLIENT",
                    "InternalHttpClient.connManager", "PoolingHttpClientConnectionManager.pool", "CPool.leased",
                    "HashSet element", "CPoolEntry.conn", "LoggingManagedHttpClientConnection.socketHolder",
                    "AtomicReference.value", "java.net.Socket"), sockets.get(0).get("retention"));
            assertEquals(0, target.stop());
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestJdk.class, names = {"JDK17", "JDK25"})
    void findsNettyEpollSocketsMadeInNativeCodeAndNamesTheChannelsHandler(TestJdk jdk, @TempDir Path dir)
            throws Exception {
        try (Target target = Target.start(jdk, dir, List.of(), NettyEpollHalfClosed.class)) {
            target.await("stuck");
            Target.Cli cli = target.cli("explain", "" + target.pid(), "--yes", "--json").expect(0);
            List<Map<String, Object>> sockets = sockets(cli.stdout);
            assertEquals(1, sockets.size(), cli.stdout);
            Map<String, Object> socket = sockets.get(0);
            assertEquals("HELD", socket.get("verdict"), cli.stdout);
            assertEquals("io.netty.channel.epoll.LinuxSocket", socket.get("object"));
            Map<?, ?> channel = (Map<?, ?>) socket.get("channel");
            assertEquals("io.netty.channel.epoll.EpollSocketChannel", channel.get("class"), cli.stdout);
            assertEquals(List.of(NettyEpollHalfClosed.class.getName() + "$IgnoresHalfClose"), channel.get("handlers"));
            assertEquals(true, channel.get("autoRead"));
            assertEquals(0, target.stop());
        }
    }

    @Test
    void withoutYesItOnlySaysWhatItWouldDo(@TempDir Path dir) throws Exception {
        try (Target target = Target.start(TestJdk.JDK17, dir, List.of(), StuckBeforeAttach.class)) {
            target.await("stuck");
            Set<String> tmpBefore = sockwatchDirsInTmp();
            Target.Cli plan = target.cli("explain", "" + target.pid()).expect(0);
            assertEquals("", plan.stdout);
            for (String told : List.of("8 CLOSE_WAIT sockets", "heap in use now", "expected pause", "disk space needed",
                    "under /tmp", "secrets", "--yes")) {
                assertTrue(plan.stderr.contains(told), told + " in:\n" + plan.stderr);
            }
            assertEquals(tmpBefore, sockwatchDirsInTmp(), "no dump taken");
            assertEquals(0, target.stop());
        }
    }

    @Test
    void keepsTheDumpOnlyWhenAskedAndATruncatedDumpIsOneClearError(@TempDir Path dir) throws Exception {
        try (Target target = Target.start(TestJdk.JDK17, dir, List.of(), StuckBeforeAttach.class)) {
            target.await("stuck");
            Target.Cli kept = target.cli("explain", "" + target.pid(), "--yes", "--keep-dump", "--dir",
                    dir.toAbsolutePath().toString()).expect(0);
            Path dump;
            try (Stream<Path> files = Files.walk(dir)) {
                dump = files.filter(p -> p.getFileName().toString().equals("heap.hprof")).findFirst().orElseThrow();
            }
            assertTrue(kept.stderr.contains("kept in " + dump), kept.toString());
            assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(dump.getParent()),
                    "an owner-only directory");
            assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(dump));
            try (RandomAccessFile file = new RandomAccessFile(dump.toFile(), "rw")) {
                file.setLength(file.length() / 2);
            }
            IOException truncated = assertThrows(IOException.class, () -> HeapDumpAnalysis.of(dump, List.of()));
            assertTrue(truncated.getMessage().contains("truncated"), truncated.getMessage());
            assertEquals(0, target.stop());
        }
    }

    @Test
    void badInputAndUnusableTargetsGetOneClearLine(@TempDir Path dir) throws Exception {
        TestJdk jdk = TestJdk.JDK17;
        assertOneLine(Target.Cli.run(jdk, dir, "explain").expect(2), "missing pid; valid form: explain <pid>");
        assertOneLine(Target.Cli.run(jdk, dir, "explain", "12", "--now").expect(2), "unknown flag '--now'");
        assertOneLine(Target.Cli.run(jdk, dir, "explain", "12", "--dir").expect(2), "--dir needs a directory");
        assertOneLine(Target.Cli.run(jdk, dir, "explain", "abc").expect(2), "'abc' is not a process id");
        assertOneLine(Target.Cli.run(jdk, dir, "explain", "12", "--skip=").expect(2),
                "--skip= needs class-name prefixes separated by ':'");
        assertOneLine(Target.Cli.run(jdk, dir, "explain", "12", "--skip=com.acme.,org.acme.").expect(2),
                "got 'com.acme.,org.acme.'");
        Process sleep = new ProcessBuilder("sleep", "60").start();
        try {
            assertOneLine(Target.Cli.run(jdk, dir, "explain", "" + sleep.pid(), "--yes").expect(1),
                    "(sleep) is not a Java VM");
            assertTrue(sleep.isAlive());
        } finally {
            sleep.destroy();
        }
        Path noAttach = Files.createDirectory(dir.resolve("no-attach"));
        try (Target target = Target.start(jdk, noAttach, List.of("-XX:+DisableAttachMechanism"),
                StuckBeforeAttach.class)) {
            target.await("stuck");
            assertOneLine(target.cli("explain", "" + target.pid(), "--yes").expect(1), "-XX:+DisableAttachMechanism");
            assertOneLine(target.cli("explain", "" + target.pid(), "--yes", "--dir", "relative").expect(1),
                    "--dir relative is relative");
            assertOneLine(target.cli("explain", "" + target.pid(), "--yes", "--dir", "/no/such/dir").expect(1),
                    "--dir /no/such/dir is not a directory of pid " + target.pid());
            assertEquals(0, target.stop());
        }
        Path smallCli = Files.createDirectory(dir.resolve("small-cli"));
        try (Target target = Target.start(jdk, smallCli, List.of(), StuckBeforeAttach.class)) {
            target.await("stuck");
            Set<String> tmpBefore = sockwatchDirsInTmp();
            Process small = new ProcessBuilder(jdk.java().toString(), "-Xmx24m", "-jar", AgentRun.AGENT_JAR.toString(),
                    "explain", "" + target.pid(), "--yes").redirectOutput(dir.resolve("small.out").toFile())
                    .redirectError(dir.resolve("small.err").toFile()).start();
            assertTrue(small.waitFor(60, TimeUnit.SECONDS));
            assertEquals(1, small.exitValue());
            String err = Files.readString(dir.resolve("small.err"));
            assertOneLine(err, "too big to analyse with this CLI's memory limit");
            assertTrue(err.contains("java -Xmx"), err);
            assertEquals(tmpBefore, sockwatchDirsInTmp(), "refused before any dump");
            assertEquals(0, target.stop());
        }
    }

    @Test
    void withSockwatchRunningTheReportPointsAtExplainAndExplainStillWorks(@TempDir Path dir) throws Exception {
        try (Target target = Target.start(TestJdk.JDK17, dir, List.of(), StuckBeforeAttach.class)) {
            target.await("stuck");
            target.cli("attach", "" + target.pid(), "interval=200ms").expect(0);
            Thread.sleep(1000);
            String report = target.cli("report", "" + target.pid()).expect(0).stdout;
            assertTrue(report.contains("UNATTRIBUTED CLOSE_WAIT"), report);
            assertTrue(report.contains("java -jar sockwatch-agent.jar explain " + target.pid()), report);
            List<Map<String, Object>> sockets = sockets(
                    target.cli("explain", "" + target.pid(), "--yes", "--json").expect(0).stdout);
            assertEquals(2, held(sockets, "thread \"handler-").size(), sockets.toString());
            target.cli("detach", "" + target.pid()).expect(0);
            assertEquals(0, target.stop());
        }
    }

    @Test
    void ctrlCDeletesTheDumpWhateverItWasDoing(@TempDir Path dir) throws Exception {
        Path dumps = Files.createDirectory(dir.resolve("dumps"));
        try (Target target = Target.start(TestJdk.JDK17, dir, List.of("-Xmx1g"), StuckBeforeAttach.class, "300")) {
            target.await("stuck");
            Process cli = new ProcessBuilder(TestJdk.JDK17.java().toString(), "-jar", AgentRun.AGENT_JAR.toString(),
                    "explain", "" + target.pid(), "--yes", "--dir", dumps.toString())
                    .redirectOutput(dir.resolve("cli.out").toFile()).redirectError(dir.resolve("cli.err").toFile())
                    .start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (isEmpty(dumps) && cli.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertFalse(isEmpty(dumps), "the CLI made its dump directory");
            new ProcessBuilder("kill", "-INT", "" + cli.pid()).start().waitFor();
            assertTrue(cli.waitFor(30, TimeUnit.SECONDS));
            assertTrue(isEmpty(dumps), "deleted on Ctrl-C: " + Files.readString(dir.resolve("cli.err")));
            Thread.sleep(2000); // a dump still being written when the CLI left is not written back
            assertTrue(isEmpty(dumps));
            assertEquals(0, target.stop(), "the application runs on");
        }
    }

    @Test
    void notEnoughSpaceIsRefusedBeforeTheDump(@TempDir Path dir) throws Exception {
        Path small = Files.createDirectory(dir.resolve("small"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", small.toString())
                .redirectErrorStream(true).start();
        Assumptions.assumeTrue(mount.waitFor() == 0, "needs root to mount a 1 MB tmpfs: "
                + new String(mount.getInputStream().readAllBytes()));
        try (Target target = Target.start(TestJdk.JDK17, dir, List.of(), StuckBeforeAttach.class)) {
            target.await("stuck");
            Target.Cli cli = target.cli("explain", "" + target.pid(), "--yes", "--dir", small.toString()).expect(1);
            assertOneLine(cli, "not enough space for the heap dump in " + small);
            assertTrue(isEmpty(small));
            assertEquals(0, target.stop());
        } finally {
            new ProcessBuilder("umount", small.toString()).start().waitFor();
        }
    }

    @Test
    void anotherUsersJvmIsRefusedButRootExplainsIt(@TempDir Path dir) throws Exception {
        // The scenario runs as nobody from a world-readable copy of its classes.
        Path shared = Files.createTempDirectory(Paths.get("/tmp"), "explain-it-");
        try {
            Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
            Path apps = Paths.get("target/test-classes/io/sockwatch/it/apps");
            Path copy = Files.createDirectories(shared.resolve("classes/io/sockwatch/it/apps"));
            try (Stream<Path> classes = Files.list(apps)) {
                for (Path c : (Iterable<Path>) classes::iterator) {
                    Files.copy(c, copy.resolve(c.getFileName()));
                }
            }
            try (Stream<Path> all = Files.walk(shared)) {
                for (Path p : (Iterable<Path>) all::iterator) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxrwxrwx"));
                }
            }
            Process target = new ProcessBuilder("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                    TestJdk.JDK17.java().toString(), "-cp", shared.resolve("classes").toString(), APP)
                    .directory(shared.toFile()).redirectOutput(shared.resolve("out.txt").toFile())
                    .redirectErrorStream(true).start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!Files.readString(shared.resolve("out.txt")).contains("stuck")) {
                    assertTrue(target.isAlive() && System.nanoTime() < deadline, Files.readString(shared.resolve("out.txt")));
                    Thread.sleep(20);
                }
                Process other = new ProcessBuilder("setpriv", "--reuid=daemon", "--regid=daemon", "--clear-groups",
                        TestJdk.JDK17.java().toString(), "-jar", AgentRun.AGENT_JAR.toAbsolutePath().toString(),
                        "explain", "" + target.pid(), "--yes").directory(shared.toFile())
                        .redirectOutput(shared.resolve("daemon.out").toFile())
                        .redirectError(shared.resolve("daemon.err").toFile()).start();
                assertTrue(other.waitFor(60, TimeUnit.SECONDS));
                assertEquals(1, other.exitValue());
                assertOneLine(Files.readString(shared.resolve("daemon.err")),
                        "runs as user 'nobody', not 'daemon'; attach only works as the JVM's own user");

                Set<String> tmpBefore = sockwatchDirsInTmp();
                Target.Cli root = Target.Cli.run(TestJdk.JDK17, dir, "explain", "" + target.pid(), "--yes", "--json")
                        .expect(0);
                assertEquals(7, held(sockets(root.stdout), "").size(), root.stdout);
                assertEquals(tmpBefore, sockwatchDirsInTmp(), "the dump made by nobody is deleted");
            } finally {
                target.destroy();
                target.waitFor(10, TimeUnit.SECONDS);
            }
        } finally {
            try (Stream<Path> all = Files.walk(shared)) {
                all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static boolean isEmpty(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        }
    }

    private static void assertOneLine(Target.Cli cli, String expected) {
        assertOneLine(cli.stderr, expected);
        assertFalse(cli.stderr.contains("Exception"), cli.toString());
    }

    private static void assertOneLine(String stderr, String expected) {
        assertEquals(1, stderr.lines().count(), stderr);
        assertTrue(stderr.contains(expected), "'" + expected + "' in: " + stderr);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> sockets(String json) {
        return (List<Map<String, Object>>) Reports.parse(json).get("sockets");
    }

    private static List<Map<String, Object>> held(List<Map<String, Object>> sockets, String rootPrefix) {
        return sockets.stream().filter(s -> "HELD".equals(s.get("verdict")))
                .filter(s -> ((List<?>) s.get("retention")).get(0).toString().startsWith(rootPrefix))
                .collect(Collectors.toList());
    }

    private static Set<String> sockwatchDirsInTmp() throws IOException {
        try (Stream<Path> tmp = Files.list(Paths.get("/tmp"))) {
            return tmp.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("sockwatch-"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
