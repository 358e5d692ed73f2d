package io.sockwatch.it;

import static io.sockwatch.testing.Reports.list;
import static io.sockwatch.testing.Reports.sockets;
import static io.sockwatch.testing.Reports.frames;
import static io.sockwatch.testing.Reports.site;
import static io.sockwatch.testing.Reports.thread;
import static io.sockwatch.testing.Reports.threads;
import static io.sockwatch.testing.SourceLines.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockwatch.it.apps.ApacheHttpClientLeak;
import io.sockwatch.it.apps.ClientLeak;
import io.sockwatch.it.apps.HungHandlers;
import io.sockwatch.it.apps.JettyHang;
import io.sockwatch.it.apps.MovedOnThread;
import io.sockwatch.it.apps.NettyEpollLeaks;
import io.sockwatch.it.apps.NettyStoppedReading;
import io.sockwatch.it.apps.OkHttpLeak;
import io.sockwatch.it.apps.StalledReaders;
import io.sockwatch.it.apps.PassiveCloseHang;
import io.sockwatch.testing.AgentRun;
import io.sockwatch.testing.ReportFormat;
import io.sockwatch.testing.Reports;
import io.sockwatch.testing.TestJdk;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The CLOSE_WAIT leak report: the right lines, the hung threads, and no false alarms. */
class LeakReportIT {
    private static final String THRESHOLD = "1500";
    private static final String OPTIONS = "interval=100ms,threshold=" + THRESHOLD + "ms";

    @ParameterizedTest
    @EnumSource(TestJdk.class)
    void clientLeaksAreReportedAtTheirLinesAndNothingElseIs(TestJdk jdk, @TempDir Path dir) throws Exception {
        AgentRun run = AgentRun.run(jdk, dir, OPTIONS, ClientLeak.class);
        assertEquals(0, run.exitCode, run.describe());
        String unreadFin = frame(ClientLeak.class, "main", "open:unread-fin");
        String readEof = frame(ClientLeak.class, "main", "open:read-eof");

        // Before the threshold: in CLOSE_WAIT, but not yet a leak.
        Map<String, Object> early = run.snapshot("early");
        assertEquals(List.of(), list(early, "leaks"), "threshold honoured on " + jdk);
        assertEquals(3, sockets(early, "SOCKET").stream().filter(s -> "CLOSE_WAIT".equals(s.get("state"))).count());

        Map<String, Object> report = run.snapshot("leaked");
        ReportFormat.assertDocumented(early);
        ReportFormat.assertDocumented(report);
        List<Map<String, Object>> leaks = list(report, "leaks");
        Map<String, Long> countBySite = leaks.stream()
                .collect(Collectors.toMap(g -> (String) g.get("site"), g -> (Long) g.get("count")));
        assertEquals(Map.of(unreadFin, 2L, readEof, 1L), countBySite, "leak sites on " + jdk);
        for (Map<String, Object> g : leaks) {
            assertTrue((Long) g.get("oldestMillisInCloseWait") >= Long.parseLong(THRESHOLD), "threshold honoured: " + g);
            assertTrue(frames(report, g.get("stack")).contains((String) g.get("site")));
            assertEquals("main", thread(report, g.get("openedBy")).get("name"));
        }
        // The receive queue tells why: FIN unread (1) vs EOF read but never closed (0).
        for (Map<String, Object> s : sockets(report, "SOCKET")) {
            assertEquals(unreadFin.equals(site(report, s)) ? 1L : 0L, s.get("rxQueue"), "rxQueue of " + site(report, s));
        }
        // Only the leaked sockets and the listening server are open; LISTEN is never a leak.
        Set<String> states = list(report, "sockets").stream().map(s -> s.get("kind") + "/" + s.get("state") + "/" + s.get("leak"))
                .collect(Collectors.toSet());
        assertEquals(Set.of("SOCKET/CLOSE_WAIT/true", "SERVER_SOCKET/LISTEN/false"), states, "on " + jdk);
        // Properly closed sockets are neither open sockets nor leaks...
        Set<String> openOrLeaked = new HashSet<>(Reports.sites(report, list(report, "sockets")));
        openOrLeaked.addAll(Reports.sites(report, leaks));
        assertFalse(openOrLeaked.contains(frame(ClientLeak.class, "main", "open:closed-properly")), openOrLeaked.toString());
        assertFalse(openOrLeaked.contains(frame(ClientLeak.class, "main", "open:active-close")), openOrLeaked.toString());
        assertFalse(list(report, "sockets").toString().contains("TIME_WAIT"));
        // ...but the TIME_WAIT a proper close left behind (the client reads its line and closes before the server
        // does) is named by the line that opened it. (The immediate active close is reset by the server's late
        // answer, which ends its TIME_WAIT.)
        assertTrue((Long) Reports.map(report, "namespaceStates").getOrDefault("TIME_WAIT", 0L) >= 1, report.toString());
        Set<Object> timeWaitOpenedAt = list(report, "timeWait").stream().filter(g -> (Long) g.get("count") > 0)
                .flatMap(g -> list(g, "openedAt").stream()).map(o -> o.get("site")).collect(Collectors.toSet());
        assertTrue(timeWaitOpenedAt.contains(frame(ClientLeak.class, "main", "open:closed-properly")),
                report.get("timeWait").toString());

        assertTrue(run.stderr.contains("LEAK 1/2: 2 socket(s) in CLOSE_WAIT opened at " + unreadFin), run.stderr);
        assertTrue(run.stderr.contains("only the peer's FIN is unread"), run.stderr);
        assertTrue(run.stderr.contains("EOF included, but never called close()"), run.stderr);
    }

    @ParameterizedTest
    @EnumSource(TestJdk.class)
    void passiveCloseHangNamesTheHungThreadAndItsSleep(TestJdk jdk, @TempDir Path dir) throws Exception {
        AgentRun run = AgentRun.run(jdk, dir, OPTIONS, PassiveCloseHang.class);
        assertEquals(0, run.exitCode, run.describe());
        Map<String, Object> report = run.snapshot("hung");
        ReportFormat.assertDocumented(report);
        List<Map<String, Object>> leaks = list(report, "leaks");
        assertEquals(1, leaks.size(), run.describe());
        Map<String, Object> leak = leaks.get(0);
        assertEquals(frame(PassiveCloseHang.class, "acceptLoop", "open:accepted"), leak.get("site"));
        assertHungIn(report, leak, "worker-1", frame(PassiveCloseHang.class, "handle", "hang"));
        assertTrue(run.stderr.contains("last I/O by thread \"worker-1\""), run.stderr);
        assertTrue(run.stderr.contains("--> at " + frame(PassiveCloseHang.class, "handle", "hang")), run.stderr);
    }

    @ParameterizedTest
    @EnumSource(TestJdk.class)
    void aThreadThatMovedOnToOtherSocketsIsNotPointedAt(TestJdk jdk, @TempDir Path dir) throws Exception {
        AgentRun run = AgentRun.run(jdk, dir, OPTIONS, MovedOnThread.class);
        assertEquals(0, run.exitCode, run.describe());
        String leakedAt = frame(MovedOnThread.class, "work", "open:leaked");
        assertTrue(run.stderr.contains("LEAK 1/1: 1 socket(s) in CLOSE_WAIT opened at " + leakedAt), run.stderr);
        assertTrue(run.stderr.contains("\" #") && run.stderr.contains("; it has since done I/O on other sockets, "
                + "so its current stack is not about this one (now RUNNABLE)"), run.stderr);
        assertFalse(run.stderr.contains("healthyWork"), "the healthy work is not shown as the leak's: " + run.stderr);

        Map<String, Object> report = run.snapshot("leaked");
        ReportFormat.assertDocumented(report);
        Map<String, Object> leaked = sockets(report, "SOCKET").stream().filter(s -> leakedAt.equals(site(report, s)))
                .findFirst().orElseThrow();
        Map<String, Object> io = Reports.map(leaked, "lastIo");
        assertEquals(Boolean.TRUE, io.get("movedOn"), leaked.toString());
        Map<String, Object> worker = thread(report, io.get("thread"));
        assertEquals("worker", worker.get("name"));
        assertEquals(null, worker.get("stack"), "no stack taken for work that is not the leak's");
        Map<String, Object> healthy = sockets(report, "SOCKET").stream().filter(s -> !s.equals(leaked)
                && s.get("lastIo") != null && worker.get("id").equals(Reports.map(s, "lastIo").get("thread")))
                .findFirst().orElseThrow(() -> new AssertionError(report.toString()));
        assertFalse(Reports.map(healthy, "lastIo").containsKey("movedOn"), healthy.toString());
    }

    @ParameterizedTest
    @EnumSource(TestJdk.class)
    void handlersWithOneNameAreToldApartAndTheirCommonStackPrintedOnce(TestJdk jdk, @TempDir Path dir) throws Exception {
        Map<String, Object> report = assertTwoHungHandlers(jdk, dir, "platform", "thread \"handler\" #");
        for (Map<String, Object> t : threads(report, list(report, "leaks").get(0))) {
            assertEquals("handler", t.get("name"));
            assertEquals(Boolean.FALSE, t.get("virtual"));
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestJdk.class, names = "JDK25")
    void virtualThreadsAreToldApartById(TestJdk jdk, @TempDir Path dir) throws Exception {
        Map<String, Object> report = assertTwoHungHandlers(jdk, dir, "virtual", "virtual thread #");
        for (Map<String, Object> t : threads(report, list(report, "leaks").get(0))) {
            assertEquals("", t.get("name"));
            assertEquals(Boolean.TRUE, t.get("virtual"));
        }
    }

    /** Two handlers hung at one line: two threads (by id) in JSON and text, their one stack printed once. */
    private static Map<String, Object> assertTwoHungHandlers(TestJdk jdk, Path dir, String threads, String described)
            throws Exception {
        AgentRun run = AgentRun.run(jdk, dir, OPTIONS, HungHandlers.class, threads);
        assertEquals(0, run.exitCode, run.describe());
        Map<String, Object> report = run.snapshot("hung");
        ReportFormat.assertDocumented(report);
        List<Map<String, Object>> leaks = list(report, "leaks");
        assertEquals(1, leaks.size(), run.describe());
        assertEquals(2L, leaks.get(0).get("count"));
        List<Map<String, Object>> hung = threads(report, leaks.get(0));
        assertEquals(2, hung.size(), "two threads: " + hung);
        assertEquals(hung.get(0).get("stack"), hung.get(1).get("stack"), "one stack, shared: " + hung);

        String text = run.stderr.substring(run.stderr.lastIndexOf("=== sockwatch report"));
        String hang = "--> at " + frame(HungHandlers.class, "handle", "hang");
        assertEquals(1, text.split(Pattern.quote(hang), -1).length - 1, "stack printed once: " + text);
        Matcher lastIo = Pattern.compile("  last I/O by " + Pattern.quote(described)
                + "(\\d+) [^,]+ ago, " + Pattern.quote(described) + "(\\d+) [^,;]+ ago; all 2 now TIMED_WAITING, "
                + "with this same stack:\n").matcher(text);
        assertTrue(lastIo.find(), text);
        assertFalse(lastIo.group(1).equals(lastIo.group(2)), text);
        return report;
    }

    @ParameterizedTest
    @EnumSource(TestJdk.class)
    void apacheHttpClientUnclosedResponses(TestJdk jdk, @TempDir Path dir) throws Exception {
        AgentRun run = AgentRun.run(jdk, dir, OPTIONS, ApacheHttpClientLeak.class); // no skip=: a default
        assertEquals(0, run.exitCode, run.describe());
        List<Map<String, Object>> leaks = list(run.snapshot("leaked"), "leaks");
        assertEquals(1, leaks.size(), run.describe());
        assertEquals(frame(ApacheHttpClientLeak.class, "fetchStatus", "open:httpclient"), leaks.get(0).get("site"));
        assertEquals(2L, leaks.get(0).get("count"));
    }

    @ParameterizedTest
    @EnumSource(TestJdk.class)
    void anUnreadBodyLargerThanTheSocketBuffersIsAStalledReaderLeak(TestJdk jdk, @TempDir Path dir) throws Exception {
        AgentRun run = AgentRun.run(jdk, dir, OPTIONS, StalledReaders.class, "unread");
        assertEquals(0, run.exitCode, run.describe());
        Map<String, Object> report = run.snapshot("stalled");
        List<Map<String, Object>> leaks = list(report, "leaks");
        assertEquals(1, leaks.size(), run.describe());
        assertEquals(frame(StalledReaders.class, "main", "open:unread-body"), leaks.get(0).get("site"));
        assertEquals(true, leaks.get(0).get("stalled"), leaks.toString());
        Map<String, Object> socket = list(report, "sockets").stream().filter(s -> Boolean.TRUE.equals(s.get("leak")))
                .findFirst().orElseThrow();
        assertEquals("ESTABLISHED", socket.get("state"), "the peer's FIN waits behind the data: " + socket);
        assertTrue((Long) socket.get("rxQueue") > 0, socket.toString());
        assertEquals(true, socket.get("stalled"));
        assertTrue(run.stderr.contains("with unread data, nobody reading"), run.describe());
    }

    @ParameterizedTest
    @EnumSource(value = TestJdk.class, names = {"JDK17", "JDK25"})
    void anIdleKeepAliveConnectionWithNothingUnreadIsNoLeak(TestJdk jdk, @TempDir Path dir) throws Exception {
        AgentRun run = AgentRun.run(jdk, dir, OPTIONS, StalledReaders.class, "idle");
        assertEquals(0, run.exitCode, run.describe());
        Map<String, Object> report = run.snapshot("idle");
        assertEquals(List.of(), list(report, "leaks"), run.describe());
        assertTrue(list(report, "sockets").stream().anyMatch(s -> "ESTABLISHED".equals(s.get("state"))),
                "the kept-alive connection is still open: " + report);
    }

    @ParameterizedTest
    @EnumSource(value = TestJdk.class, names = {"JDK17", "JDK25"})
    void anEventLoopLeakNamesTheHandlerThatStoppedReading(TestJdk jdk, @TempDir Path dir) throws Exception {
        AgentRun run = AgentRun.run(jdk, dir, OPTIONS, NettyStoppedReading.class);
        assertEquals(0, run.exitCode, run.describe());
        Map<String, Object> report = run.snapshot("stopped");
        List<Map<String, Object>> leaks = list(report, "leaks");
        assertEquals(1, leaks.size(), run.describe());
        String handler = NettyStoppedReading.class.getName() + "$StopsReading";
        assertEquals(handler, leaks.get(0).get("handler"), leaks.toString());
        Map<String, Object> socket = list(report, "sockets").stream().filter(s -> Boolean.TRUE.equals(s.get("leak")))
                .findFirst().orElseThrow();
        assertEquals("CLOSE_WAIT", socket.get("state"));
        assertEquals(handler, socket.get("handler"));
        Map<?, ?> loop = (Map<?, ?>) socket.get("eventLoop");
        assertEquals("none", loop.get("interest"), "autoRead off removed OP_READ: " + loop);
        assertEquals(false, loop.get("autoRead"));
        assertEquals("io.netty.channel.socket.nio.NioSocketChannel", loop.get("attachment"));
        assertEquals(List.of(handler), loop.get("handlers"));
        assertTrue(run.stderr.contains("nobody will ever read the peer's FIN"), run.stderr);
    }

    @ParameterizedTest
    @EnumSource(value = TestJdk.class, names = {"JDK17", "JDK25"})
    void nettyEpollSocketsMadeInNativeCodeAreTrackedWithStacksAndHandlers(TestJdk jdk, @TempDir Path dir)
            throws Exception {
        AgentRun run = AgentRun.run(jdk, dir, OPTIONS, NettyEpollLeaks.class);
        assertEquals(0, run.exitCode, run.describe());
        Map<String, Object> report = run.snapshot("epoll");
        ReportFormat.assertDocumented(report);
        List<Map<String, Object>> leaked = list(report, "sockets").stream()
                .filter(s -> Boolean.TRUE.equals(s.get("leak"))).collect(Collectors.toList());
        assertEquals(2, leaked.size(), run.describe());
        String handler = NettyEpollLeaks.class.getName() + "$IgnoresHalfClose";
        for (Map<String, Object> s : leaked) {
            assertEquals("NETTY_EPOLL_CHANNEL", s.get("kind"), s.toString());
            assertEquals("CLOSE_WAIT", s.get("state"));
            assertEquals(handler, s.get("handler"), s.toString());
            Map<?, ?> loop = (Map<?, ?>) s.get("eventLoop");
            assertEquals("io.netty.channel.epoll.EpollSocketChannel", loop.get("attachment"), s.toString());
            assertEquals(List.of(handler), loop.get("handlers"));
            assertTrue(frames(report, s.get("stack")).stream().anyMatch(f -> f.contains("AbstractEpollChannel.<init>")),
                    "an allocation stack through the channel's constructor: " + frames(report, s.get("stack")));
        }
        List<Map<String, Object>> leaks = list(report, "leaks");
        String connectLine = frame(NettyEpollLeaks.class, "main", "open:epoll-client");
        assertTrue(leaks.stream().anyMatch(g -> connectLine.equals(g.get("site"))),
                "the client's leak at its connect line, Netty's frames skipped: " + leaks);
        assertTrue(leaks.stream().allMatch(g -> handler.equals(g.get("handler"))), leaks.toString());
    }

    @Test
    void aLibraryDefaultTurnedOffNamesTheLibrarysFrame(@TempDir Path dir) throws Exception {
        AgentRun run = AgentRun.run(TestJdk.JDK17, dir, OPTIONS + ",skip=-org.apache.http.", ApacheHttpClientLeak.class);
        assertEquals(0, run.exitCode, run.describe());
        List<Map<String, Object>> leaks = list(run.snapshot("leaked"), "leaks");
        assertEquals(1, leaks.size(), run.describe());
        assertTrue(((String) leaks.get(0).get("site")).startsWith("org.apache.http."), leaks.toString());
    }

    @ParameterizedTest
    @EnumSource(TestJdk.class)
    void okHttpUnclosedResponseBody(TestJdk jdk, @TempDir Path dir) throws Exception {
        AgentRun run = AgentRun.run(jdk, dir, OPTIONS, OkHttpLeak.class); // no skip=: a default
        assertEquals(0, run.exitCode, run.describe());
        List<Map<String, Object>> leaks = list(run.snapshot("leaked"), "leaks");
        assertEquals(1, leaks.size(), run.describe());
        assertEquals(frame(OkHttpLeak.class, "main", "open:okhttp"), leaks.get(0).get("site"));
    }

    @ParameterizedTest
    @EnumSource(TestJdk.class)
    void jettyHandlerHangIsNamedThoughJettyOpenedTheSocket(TestJdk jdk, @TempDir Path dir) throws Exception {
        AgentRun run = AgentRun.run(jdk, dir, OPTIONS, JettyHang.class); // no skip=: a default
        assertEquals(0, run.exitCode, run.describe());
        Map<String, Object> report = run.snapshot("hung");
        List<Map<String, Object>> leaks = list(report, "leaks");
        assertEquals(1, leaks.size(), run.describe());
        assertTrue(((String) leaks.get(0).get("site")).endsWith("(no application frame)"), leaks.toString());
        assertHungIn(report, leaks.get(0), "qtp", frame(JettyHang.class, "handle", "hang").replace("JettyHang.handle", "JettyHang$1.handle"));
    }

    private static void assertHungIn(Map<String, Object> report, Map<String, Object> leak, String threadNamePrefix,
                                     String appFrame) {
        List<Map<String, Object>> threads = threads(report, leak);
        assertEquals(1, threads.size(), leak.toString());
        Map<String, Object> t = threads.get(0);
        assertTrue(((String) t.get("name")).startsWith(threadNamePrefix), t.toString());
        assertEquals("TIMED_WAITING", t.get("state"));
        List<String> stack = frames(report, t.get("stack"));
        assertTrue(stack.get(0).startsWith("java.lang.Thread.sleep"), stack.toString());
        Set<String> frames = new HashSet<>(stack);
        assertTrue(frames.contains(appFrame), appFrame + " not in " + stack);
    }
}
