package io.sockwatch.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Which sockets of an agent report a test or class answers for, on reports in the documented JSON format. */
class WindowTest {
    private static final long START = 1_000_000L;
    private static final String TEST_SITE = "com.example.ATest.leaks(ATest.java:12)";
    private static final String SERVER_SITE = "com.example.Server.accept(Server.java:30)";
    private static final String POOL_SITE = "okhttp3.internal.connection.RealConnection.connect(RealConnection.kt:1)";

    @Test
    void aSocketOpenedSinceTheStartIsTheTestsOneOpenedBeforeIsNot() {
        Window test = window(report(socket(5, START - 1, 0, "127.0.0.1:1000", "127.0.0.1:80"), ""));
        Findings found = test.find(report(socket(5, START - 1, 0, "127.0.0.1:1000", "127.0.0.1:80") + ","
                + socket(6, START + 5, 0, "127.0.0.1:1001", "127.0.0.1:80"), ""));
        assertEquals(List.of(6), fds(found.open));
    }

    /** The JUnit gate once blamed a test for its class's {@code @BeforeAll} socket opened in the same millisecond. */
    @Test
    void aSocketOpenAtTheStartIsNotTheTestsThoughOpenedInTheSameMillisecond() {
        String beforeAll = socket(5, START, 0, "127.0.0.1:1000", "127.0.0.1:80");
        Window test = window(report(beforeAll, ""));
        Findings found = test.find(report(beforeAll + "," + socket(6, START, 0, "127.0.0.1:1001", "127.0.0.1:80"), ""));
        assertEquals(List.of(6), fds(found.open));
    }

    @Test
    void anAllowedSiteIsConsideredButNotALeak() {
        Window test = new Window(START, report("", ""), s -> true, rules("okhttp3."));
        Findings found = test.find(report(socket(6, START, 2, "127.0.0.1:1001", "127.0.0.1:80"), ""));
        assertEquals(List.of(), found.open);
        assertEquals(List.of(6), fds(found.considered));
    }

    @Test
    void theServerEndOfAConnectionMadeBeforeTheStartIsNotTheTests() {
        String client = socket(5, START - 10, 0, "127.0.0.1:40000", "127.0.0.1:8080");
        String acceptedLate = socket(6, START + 1, 1, "127.0.0.1:8080", "127.0.0.1:40000");
        String newClient = socket(7, START + 2, 0, "127.0.0.1:40001", "127.0.0.1:8080");
        String itsServerEnd = socket(8, START + 2, 1, "127.0.0.1:8080", "127.0.0.1:40001");
        Window test = window(report(client, ""));
        Findings found = test.find(report(String.join(",", client, acceptedLate, newClient, itsServerEnd), ""));
        assertEquals(List.of(7, 8), fds(found.open));
    }

    @Test
    void reclaimedSocketsAreTheIncreaseLessTheSocketsOpenAtTheStartThatAreGone() {
        String old = socket(5, START - 10, 0, "127.0.0.1:1000", "127.0.0.1:80");
        Window test = window(report(old, reclaimed(0, 2)));
        // 3 more reclaimed at the test's stack: the old socket may be one of them, so the test dropped at least 2
        Map<ReclaimedStack, Long> found = test.find(report("", reclaimed(0, 5))).reclaimed;
        assertEquals(List.of(2L), List.copyOf(found.values()));
        assertEquals(TEST_SITE, found.keySet().iterator().next().site);
        // one more reclaimed, the old socket gone: it may be that one, so nothing is the test's
        assertEquals(Map.of(), window(report(old, reclaimed(0, 2))).find(report("", reclaimed(0, 3))).reclaimed);
    }

    @Test
    void whatATestAnsweredForIsNotItsClasssAgain() {
        Window cls = window(report("", reclaimed(0, 1)));
        Window test = window(report("", reclaimed(0, 1)));
        String leaked = socket(6, START + 1, 0, "127.0.0.1:1001", "127.0.0.1:80");
        String classLevel = socket(7, START + 2, 1, "127.0.0.1:8080", "*:0");
        Findings byTest = test.find(report(leaked, reclaimed(0, 2)));
        cls.answeredByTest(byTest);
        Findings byClass = cls.find(report(leaked + "," + classLevel, reclaimed(0, 2)));
        assertEquals(List.of(7), fds(byClass.open));
        assertEquals(Map.of(), byClass.reclaimed);
    }

    @Test
    void whatATestLeftOpenIsNotItsClasssOnceReclaimedNorIsItsOtherEnd() {
        Window cls = window(report("", ""));
        String leaked = socket(6, START + 1, 0, "127.0.0.1:40000", "127.0.0.1:8080");
        cls.answeredByTest(window(report("", "")).find(report(leaked, "")));
        String serverEndAcceptedLater = socket(7, START + 5, 1, "127.0.0.1:8080", "127.0.0.1:40000");
        assertEquals(List.of(), cls.find(report(leaked + "," + serverEndAcceptedLater, "")).open);
        // the GC reclaimed the leaked socket, the server saw EOF and closed its end
        assertEquals(Map.of(), cls.find(report("", reclaimed(0, 1))).reclaimed);
    }

    @Test
    void aWindowAnswersForEveryThreadUntilAnotherRanBesideIt() {
        String ownThread = socket(6, START + 1, 0, "127.0.0.1:1001", "127.0.0.1:80");
        String executors = socket(7, START + 2, 0, "127.0.0.1:1002", "127.0.0.1:80");
        Scan now = report(ownThread + "," + executors.replace("\"openedBy\":1", "\"openedBy\":2"), reclaimed(0, 3));
        Window test = new Window(START, report("", reclaimed(0, 1)), s -> s.openerId == 1, rules());
        assertEquals(List.of(6, 7), fds(test.find(now).open));
        assertEquals(List.of(2L), List.copyOf(test.find(now).reclaimed.values()));
        test.othersRan();
        assertEquals(List.of(6), fds(test.find(now).open));
        assertEquals(Map.of(), test.find(now).reclaimed, "reclaimed sockets cannot be told apart by test");
    }

    @Test
    void theServerEndOfAConnectionIdleInAClientsPoolIsNoTestsNorIsThePooledEnd() {
        String pooled = socket(6, START + 1, 2, "127.0.0.1:40000", "127.0.0.1:8080")
                .replace("\"leak\":false", "\"leak\":false,\"pool\":\"jdk.internal.net.http.ConnectionPool\"");
        String serverEnd = socket(7, START + 1, 1, "127.0.0.1:8080", "127.0.0.1:40000");
        String otherServerEnd = socket(8, START + 1, 1, "127.0.0.1:8080", "127.0.0.1:40001");
        Findings found = window(report("", "")).find(report(String.join(",", pooled, serverEnd, otherServerEnd), ""));
        assertEquals(List.of(8), fds(found.open));
    }

    @Test
    void windowsBesideEachOtherMarkEachOtherButNotTheirOwnClass() {
        RunningWindows running = new RunningWindows();
        Window cls = ownThreadOnly();
        Window test = ownThreadOnly();
        Window otherClass = ownThreadOnly();
        Scan executorsSocket = report(socket(6, START + 1, 0, "127.0.0.1:1001", "127.0.0.1:80")
                .replace("\"openedBy\":1", "\"openedBy\":2"), "");
        running.started("[engine:junit-jupiter]/[class:A]", cls);
        running.started("[engine:junit-jupiter]/[class:A]/[method:t()]", test);
        running.ended("[engine:junit-jupiter]/[class:A]/[method:t()]");
        assertEquals(List.of(6), fds(test.find(executorsSocket).open), "a test inside its class ran alone");
        assertEquals(List.of(6), fds(cls.find(executorsSocket).open));
        running.started("[engine:junit-jupiter]/[class:AB]", otherClass); // a name that only starts alike
        assertEquals(List.of(), cls.find(executorsSocket).open, "another class ran beside it: only its own sockets");
        assertEquals(List.of(), otherClass.find(executorsSocket).open);
    }

    private static Window ownThreadOnly() {
        return new Window(START, null, s -> s.openerId == 1, rules());
    }

    private static Window window(Scan baseline) {
        return new Window(START, baseline, s -> true, rules());
    }

    private static Rules rules(String... allowed) {
        return Rules.of(List.of(allowed), 0);
    }

    private static List<Integer> fds(List<OpenSocket> sockets) {
        return sockets.stream().map(s -> s.fd).sorted().collect(Collectors.toList());
    }

    private static String socket(int fd, long openedAt, int stack, String local, String remote) {
        return "{\"kind\":\"SOCKET\",\"fd\":" + fd + ",\"inode\":" + (100 + fd) + ",\"state\":\"ESTABLISHED\","
                + "\"local\":\"" + local + "\",\"remote\":\"" + remote + "\",\"rxQueue\":0,\"txQueue\":0,"
                + "\"openedAt\":" + openedAt + ",\"stateSince\":" + openedAt + ",\"leak\":false,\"stack\":" + stack
                + ",\"openedBy\":1,\"lastIo\":null}";
    }

    private static String reclaimed(int stack, long count) {
        return "{\"site\":\"x\",\"kind\":\"SOCKET\",\"count\":" + count + ",\"stack\":" + stack
                + ",\"openedBy\":1,\"lastPeer\":null,\"lastReclaimedAt\":\"2026-12-01T16:00:00Z\"}";
    }

    /** A format 2 report with these sockets and reclaimed groups; stacks 0 (a test), 1 (a server), 2 (a pool). */
    private static Scan report(String sockets, String reclaimed) {
        return Scan.of("{\"format\":2,\"atExit\":false,\"sockets\":[" + sockets + "],\"leaks\":[],\"reclaimed\":["
                + reclaimed + "],\"threads\":[{\"id\":1,\"name\":\"main\",\"virtual\":false,\"state\":\"RUNNABLE\","
                + "\"stack\":null}],\"stacks\":[" + stack(0, TEST_SITE) + "," + stack(1, SERVER_SITE) + ","
                + stack(2, POOL_SITE) + "]}");
    }

    private static String stack(int id, String site) {
        return "{\"id\":" + id + ",\"site\":\"" + site + "\",\"frames\":[\"java.net.Socket.<init>(Socket.java:1)\",\""
                + site + "\",\"java.lang.Thread.run(Thread.java:1)\"]}";
    }
}
