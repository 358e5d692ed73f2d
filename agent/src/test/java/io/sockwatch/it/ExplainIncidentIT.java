package io.sockwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockwatch.it.apps.IncidentBeforeAttach;
import io.sockwatch.testing.Json;
import io.sockwatch.testing.SourceLines;
import io.sockwatch.testing.Target;
import io.sockwatch.testing.TestJdk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An incident's sockets made before any agent exists, on one JVM: a handler hung on a future (the application's line
 * named, not the JDK server's), a socket held by a static and by main's local (both holders), stalled readers, and
 * two socket-holding threads that deadlock after the attach (in {@code report} and {@code explain}).
 */
class ExplainIncidentIT {
    private static final String APP = IncidentBeforeAttach.class.getName();
    private static final String CACHE = APP + "$ReportCache";

    @ParameterizedTest
    @EnumSource(value = TestJdk.class, names = {"JDK17", "JDK25"})
    void namesTheApplicationsLineEveryHolderStalledReadersAndDeadlocks(TestJdk jdk, @TempDir Path dir)
            throws Exception {
        try (Target target = Target.start(jdk, dir, List.of(), IncidentBeforeAttach.class)) {
            target.await("stuck");
            String pid = "" + target.pid();
            target.cli("attach", pid, "interval=200ms").expect(0);
            target.touch("deadlock");
            target.await("deadlocked");
            Thread.sleep(600); // a scan sees the deadlocked threads

            Map<String, Object> report = Json.object(target.cli("report", pid, "--json").expect(0).stdout);
            List<?> reported = (List<?>) report.get("deadlocks");
            assertEquals(1, reported.size(), "one deadlock of socket-holding threads: " + reported);
            List<Map<String, Object>> cycle = cycle(reported.get(0));
            assertEquals(Set.of("deadlock-a", "deadlock-b"), threads(cycle), reported.toString());
            assertTrue(cycle.stream().allMatch(w -> w.get("threadId") instanceof Number), reported.toString());
            assertEquals(Set.of("java.lang.Object", "java.util.concurrent.locks.ReentrantLock$NonfairSync"),
                    cycle.stream().map(w -> w.get("lock").toString().replaceAll("@.*", "")).collect(Collectors.toSet()));
            String reportText = target.cli("report", pid).expect(0).stdout;
            assertTrue(reportText.contains("DEADLOCKED: 2 threads wait for each other forever"), reportText);
            Path page = dir.resolve("report.html");
            target.cli("report", pid, "--html", page.toString()).expect(0);
            String html = Files.readString(page);
            assertTrue(html.contains("<section id=\"deadlocks\">") && html.contains("thread &quot;deadlock-a&quot; #")
                    && html.contains("thread &quot;deadlock-b&quot; #"), "the deadlock in the page too: " + html);

            String hung = CACHE + ".get(IncidentBeforeAttach.java:" + SourceLines.line(IncidentBeforeAttach.class, "hung")
                    + ")";
            String text = target.cli("explain", pid, "--yes").expect(0).stdout;
            assertTrue(text.contains("1 socket held as a local by a thread at " + hung
                    + " (the local is in sun.net.httpserver.ServerImpl$Exchange.run("), text);
            assertTrue(text.contains("  *   " + hung + "\n"), "the stack down to the application's line: " + text);
            assertTrue(text.contains("1 socket held as a local by a thread at " + APP + ".main(")
                    && text.contains(", and by static " + APP + ".KEPT → ArrayList[*] → java.net.Socket:"), text);
            assertTrue(text.contains(IncidentBeforeAttach.UNREAD_SOCKETS + " stalled readers held by static " + APP
                    + ".UNREAD → ArrayList[*] → java.net.Socket:"), text);
            assertTrue(text.contains("DEADLOCKED: 2 threads wait for each other forever"), text);
            assertTrue(text.contains("held as a local by a DEADLOCKED thread at "
                    + SourceLines.frame(IncidentBeforeAttach.class, "lockedExchange", "deadlock:monitor")), text);

            // --skip= as report's skip=: the cache is then the library, its caller the application's line
            Target.Cli cli = target.cli("explain", pid, "--yes", "--json", "--skip=" + CACHE);
            List<Map<String, Object>> sockets = sockets(cli.expect(0).stdout);
            Map<?, ?> worker = thread(one(sockets, "thread \"http-worker\""));
            assertTrue(((List<?>) worker.get("stack")).get(((Number) worker.get("applicationFrame")).intValue())
                    .toString().startsWith(APP + "$Handler.handle("), cli.stdout);

            Map<String, Object> kept = one(sockets, "thread \"main\"");
            assertEquals(List.of("static " + APP + ".KEPT", "ArrayList[0]", "java.net.Socket"),
                    ((Map<?, ?>) kept.get("alsoHeldBy")).get("retention"), cli.stdout);

            List<Map<String, Object>> stalled = sockets.stream().filter(s -> Boolean.TRUE.equals(s.get("stalled")))
                    .collect(Collectors.toList());
            assertEquals(IncidentBeforeAttach.UNREAD_SOCKETS, stalled.size(), "the writers' ends have nothing unread: "
                    + cli.stdout);
            for (Map<String, Object> s : stalled) {
                assertEquals("ESTABLISHED", s.get("state"));
                assertEquals(IncidentBeforeAttach.UNREAD_BYTES, ((Number) s.get("rxQueue")).intValue(), cli.stdout);
                assertEquals("static " + APP + ".UNREAD", ((List<?>) s.get("retention")).get(0));
            }

            assertEquals(Set.of("deadlock-a", "deadlock-b"), threads(cycle(((List<?>) Json.object(cli.stdout)
                    .get("deadlocks")).get(0))), cli.stdout);
            for (String name : List.of("deadlock-a", "deadlock-b")) {
                assertEquals(true, thread(one(sockets, "thread \"" + name + "\"")).get("deadlocked"), cli.stdout);
            }
            assertEquals(false, worker.get("deadlocked"));
            assertEquals(0, target.stop(), "the application runs on");
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> cycle(Object deadlock) {
        return (List<Map<String, Object>>) ((Map<?, ?>) deadlock).get("cycle");
    }

    private static Set<String> threads(List<Map<String, Object>> cycle) {
        return cycle.stream().map(w -> w.get("thread").toString()).collect(Collectors.toSet());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> sockets(String json) {
        return (List<Map<String, Object>>) Json.object(json).get("sockets");
    }

    /** The one socket whose retention starts with {@code rootPrefix}. */
    private static Map<String, Object> one(List<Map<String, Object>> sockets, String rootPrefix) {
        List<Map<String, Object>> held = sockets.stream().filter(s -> "HELD".equals(s.get("verdict")))
                .filter(s -> ((List<?>) s.get("retention")).get(0).toString().startsWith(rootPrefix))
                .collect(Collectors.toList());
        assertEquals(1, held.size(), rootPrefix + " in " + sockets);
        return held.get(0);
    }

    private static Map<?, ?> thread(Map<String, Object> socket) {
        return (Map<?, ?>) socket.get("thread");
    }
}
