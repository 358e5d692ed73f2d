package io.sockwatch.testing;

import static io.sockwatch.testing.Reports.list;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks a JSON report against the contract in docs/report-format.md, ids included. */
public final class ReportFormat {
    private static final Set<String> STATES = Set.of("ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2",
            "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING", "NEW_SYN_RECV", "UNKNOWN");
    private static final Set<String> THREAD_STATES = Set.of("NEW", "RUNNABLE", "BLOCKED", "WAITING", "TIMED_WAITING",
            "TERMINATED");
    private static final Set<String> SOCKET_FIELDS = Set.of("kind", "fd", "inode", "state", "local", "remote",
            "rxQueue", "txQueue", "openedAt", "stateSince", "leak", "stack", "openedBy", "lastIo");
    /** Present only where they apply. */
    private static final Set<String> OPTIONAL_SOCKET_FIELDS = Set.of("stalled", "pool", "idleSince", "lease", "handler",
            "eventLoop", "caller", "waitingForWorker");
    /** {@code 127.0.0.1:8080} or {@code [::1]:8080}; v4-mapped addresses must print as plain IPv4. */
    private static final Pattern ADDRESS = Pattern.compile("(\\d{1,3}(\\.\\d{1,3}){3}|\\[[0-9a-f:]+\\]|\\*):\\d{1,5}");
    /** {@code declaringClass.method(File.java:LINE)}, as a Java stack trace line prints it. */
    private static final Pattern FRAME = Pattern.compile(
            "[\\w$.]+\\.[\\w$<>]+\\(([\\w$]+\\.\\w+:\\d+|[\\w$]+\\.\\w+|Native Method|Unknown Source)\\)");

    private ReportFormat() {
    }

    @SuppressWarnings("unchecked")
    public static void assertDocumented(Map<String, Object> report) {
        assertEquals(2L, report.get("format"));
        for (String key : List.of("generatedAt", "pid", "thresholdMillis", "atExit", "kernelStates", "kernelReader", "tracked", "states",
                "namespaceStates", "counters", "internalErrors", "sockets", "leaks", "reclaimed", "threads", "stacks",
                "fds", "ports", "timeWait", "closesNotLogged", "halfClosed", "idleInPools")) {
            assertTrue(report.containsKey(key), "top-level field " + key);
        }
        List<Map<String, Object>> stacks = list(report, "stacks");
        for (int i = 0; i < stacks.size(); i++) {
            assertEquals((long) i, stacks.get(i).get("id"), "stacks are numbered by position");
            assertFrames((List<String>) stacks.get(i).get("frames"));
        }
        Set<Object> threadIds = new HashSet<>();
        for (Map<String, Object> t : list(report, "threads")) {
            assertTrue(threadIds.add(t.get("id")), "each thread once: " + t);
            assertNotNull(t.get("name"), t.toString());
            assertTrue(t.get("virtual") instanceof Boolean, t.toString());
            assertTrue(THREAD_STATES.contains((String) t.get("state")), t.toString());
            assertStackOrNull(report, t.get("stack"));
        }
        long tracked = 0;
        for (Map<String, Object> s : list(report, "sockets")) {
            Set<String> optional = new HashSet<>(s.keySet());
            optional.removeAll(SOCKET_FIELDS);
            assertTrue(s.keySet().containsAll(SOCKET_FIELDS), "socket fields " + s.keySet());
            assertTrue(OPTIONAL_SOCKET_FIELDS.containsAll(optional), "optional socket fields " + optional);
            assertEquals(s.containsKey("pool"), s.containsKey("idleSince"), s.toString());
            assertTrue(!s.containsKey("pool") || Boolean.FALSE.equals(s.get("leak")), "idle in a pool, no leak: " + s);
            assertTrue(STATES.contains((String) s.get("state")), "state " + s);
            assertTrue(s.get("leak") instanceof Boolean, "leak " + s);
            assertAddress(s.get("local"), s);
            assertAddress(s.get("remote"), s);
            if ("UNATTRIBUTED".equals(s.get("kind"))) {
                assertNull(s.get("stack"), s.toString());
                assertNull(s.get("openedBy"), s.toString());
                assertNull(s.get("lastIo"), s.toString());
                continue;
            }
            tracked++;
            assertNotNull(Reports.site(report, s), "a tracked socket's stack has a site: " + s);
            assertTrue(threadIds.contains(s.get("openedBy")), "openedBy is a thread id: " + s);
            Map<String, Object> io = (Map<String, Object>) s.get("lastIo");
            if (io != null) {
                assertTrue(threadIds.contains(io.get("thread")), "lastIo.thread is a thread id: " + s);
                assertTrue(io.get("at") instanceof Long, "epoch millis: " + s);
                assertTrue((Long) io.get("at") >= (Long) s.get("openedAt"), "no I/O before the open: " + s);
                assertTrue(!io.containsKey("movedOn") || Boolean.TRUE.equals(io.get("movedOn")), "only when true: " + s);
            }
        }
        assertEquals(tracked, report.get("tracked"));
        for (Map<String, Object> g : list(report, "leaks")) {
            assertTrue((Long) g.get("count") >= 1, g.toString());
            assertEquals(g.get("site"), Reports.site(report, g), "a group's stack has the group's site");
            assertTrue(threadIds.contains(g.get("openedBy")), g.toString());
            assertTrue(threadIds.containsAll((List<Object>) g.get("threads")), g.toString());
            Map<String, Object> starved = (Map<String, Object>) g.get("waitingForWorkers");
            if (starved != null) {
                assertAddress(starved.get("server"), g);
                for (Map<String, Object> w : list(starved, "workers")) {
                    assertEquals(Set.of("at", "state", "threadPool", "count", "threads"), w.keySet(), w.toString());
                    assertTrue(THREAD_STATES.contains((String) w.get("state")), w.toString());
                    assertEquals(w.get("count"), (long) ((List<Object>) w.get("threads")).size(), w.toString());
                    assertTrue(threadIds.containsAll((List<Object>) w.get("threads")), w.toString());
                }
            }
        }
        for (Map<String, Object> g : list(report, "reclaimed")) {
            assertEquals(g.get("site"), Reports.site(report, g), "a group's stack has the group's site");
            assertTrue(threadIds.contains(g.get("openedBy")), g.toString());
        }
        Map<String, Object> fds = Reports.map(report, "fds");
        assertEquals(Set.of("open", "limit", "growthPerMinute", "exhaustionForecastSeconds", "problem"), fds.keySet());
        Map<String, Object> ports = Reports.map(report, "ports");
        assertEquals(Set.of("ephemeralRange", "warningShare", "destinations"), ports.keySet());
        for (Map<String, Object> d : list(ports, "destinations")) {
            assertEquals(Set.of("remote", "inUse", "open", "closing", "share", "warning", "sites"), d.keySet());
            assertAddress(d.get("remote"), d);
            assertEquals((Long) d.get("open") + (Long) d.get("closing"), d.get("inUse"), d.toString());
        }
        for (Map<String, Object> g : list(report, "timeWait")) {
            assertEquals(Set.of("site", "count", "finWait2", "closing", "stack", "remotes", "openedAt"), g.keySet());
            assertEquals(g.get("site"), Reports.site(report, g), "a close site is its close stack's site");
            for (Map<String, Object> opened : list(g, "openedAt")) {
                assertEquals(opened.get("site"), Reports.site(report, opened), "an allocation site is its stack's");
            }
            for (Map<String, Object> remote : list(g, "remotes")) {
                assertAddress(remote.get("remote"), g);
            }
        }
        for (Map<String, Object> g : list(report, "idleInPools")) {
            assertEquals(Set.of("site", "pool", "count", "idleSince", "eviction", "peers", "stack", "openedBy", "fds"),
                    g.keySet());
            assertEquals(g.get("site"), Reports.site(report, g), "a group's stack has the group's site");
        }
        for (Map<String, Object> g : list(report, "halfClosed")) {
            assertEquals(g.get("site"), Reports.site(report, g), "a group's stack has the group's site");
            assertTrue(threadIds.contains(g.get("openedBy")), g.toString());
        }
        assertUnattributedGroups(report);
    }

    /** The groups of unattributed sockets add up, per state, to the UNATTRIBUTED entries of {@code sockets}. */
    private static void assertUnattributedGroups(Map<String, Object> report) {
        Map<Object, Object> perState = new HashMap<>();
        for (Map<String, Object> s : list(report, "sockets")) {
            if ("UNATTRIBUTED".equals(s.get("kind"))) {
                perState.merge(s.get("state"), 1L, (a, b) -> (Long) a + (Long) b);
            }
        }
        Map<Object, Object> grouped = new HashMap<>();
        for (Map<String, Object> g : list(report, "unattributed")) {
            assertEquals(Set.of("state", "local", "remote", "accepted", "count", "oldestMillisInState",
                    "youngestMillisInState", "rxQueueMin", "rxQueueMax", "fds"), g.keySet());
            assertEquals((long) ((List<?>) g.get("fds")).size(), g.get("count"), g.toString());
            assertTrue((Long) g.get("oldestMillisInState") >= (Long) g.get("youngestMillisInState"), g.toString());
            assertTrue((Long) g.get("rxQueueMax") >= (Long) g.get("rxQueueMin"), g.toString());
            for (String side : List.of("local", "remote")) {
                assertAddress(((String) g.get(side)).replaceFirst(":\\*$", ":0"), g);
            }
            grouped.merge(g.get("state"), g.get("count"), (a, b) -> (Long) a + (Long) b);
        }
        assertEquals(perState, grouped, "groups and sockets agree");
        assertEquals(perState, new HashMap<>(Reports.map(report, "unattributedStates")));
    }

    private static void assertStackOrNull(Map<String, Object> report, Object id) {
        if (id != null) {
            Reports.stack(report, id);
        }
    }

    private static void assertAddress(Object address, Map<String, Object> socket) {
        if (address != null) {
            assertTrue(ADDRESS.matcher((String) address).matches(), "address " + address + " in " + socket);
            assertTrue(!((String) address).contains("::ffff:"), "v4-mapped shown as plain IPv4: " + address);
        }
    }

    private static void assertFrames(List<String> frames) {
        for (String f : frames) {
            assertTrue(FRAME.matcher(f).matches(), "frame " + f);
        }
    }
}
