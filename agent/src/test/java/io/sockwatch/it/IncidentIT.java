package io.sockwatch.it;

import static io.sockwatch.testing.Reports.list;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockwatch.it.apps.incident.IncidentService;
import io.sockwatch.it.apps.incident.ReportCache;
import io.sockwatch.testing.Reports;
import io.sockwatch.testing.SourceLines;
import io.sockwatch.testing.Target;
import io.sockwatch.testing.TestJdk;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The on-call engineer's incident: an HTTP service with three bugs has run for a while without sockwatch, and
 * {@code ss -tanp} shows its CLOSE_WAIT sockets and stalled readers. {@code explain}, then {@code attach} with
 * {@code report} and {@code report --html}, must together account for every one of them, each with the code that
 * holds it, and agree on the counts.
 */
class IncidentIT {
    private static final String LOOKUP = "static io.sockwatch.it.apps.incident.Lookup.RETRY";
    private static final String SUMMARIES = "static io.sockwatch.it.apps.incident.ReportFetch.SUMMARIES";

    @ParameterizedTest
    @EnumSource(value = TestJdk.class, names = {"JDK17", "JDK25"})
    void everyBadSocketThatSsShowsIsAccountedForWithItsCode(TestJdk jdk, @TempDir Path dir) throws Exception {
        try (Target target = Target.start(jdk, dir, List.of(), IncidentService.class)) {
            target.await("incident");
            List<SsRow> ss = ss(target.pid());
            Set<Long> closeWait = inodes(ss, row -> row.state.equals("CLOSE-WAIT"));
            Set<Long> stalled = inodes(ss, row -> row.state.equals("ESTAB") && row.recvQ > 0);
            assertEquals(IncidentService.LOOKUPS + IncidentService.HUNG, closeWait.size(), ss.toString());
            assertEquals(IncidentService.REPORTS, stalled.size(), ss.toString());

            List<Map<String, Object>> explained = list(Reports.parse(
                    target.cli("explain", "" + target.pid(), "--yes", "--json").expect(0).stdout), "sockets");
            Map<Long, Map<String, Object>> byInode = new HashMap<>();
            explained.forEach(s -> byInode.put(((Number) s.get("inode")).longValue(), s));
            Set<Long> bad = new HashSet<>(closeWait);
            bad.addAll(stalled);
            assertEquals(bad, byInode.keySet(), "explain names exactly the sockets ss shows: " + explained);
            String hungAt = SourceLines.frame(ReportCache.class, "get", "blocks:future");
            Map<String, Integer> culprits = new HashMap<>();
            for (long inode : bad) {
                culprits.merge(culprit(byInode.get(inode), stalled.contains(inode)), 1, Integer::sum);
            }
            assertEquals(Map.of("held by " + LOOKUP, IncidentService.LOOKUPS,
                    "stalled, held by " + SUMMARIES, IncidentService.REPORTS,
                    "blocked at " + hungAt, IncidentService.HUNG), culprits, explained.toString());

            String explainText = target.cli("explain", "" + target.pid(), "--yes").expect(0).stdout;
            assertTrue(explainText.contains(IncidentService.HUNG + " sockets held as a local by a thread at " + hungAt),
                    explainText);
            assertTrue(explainText.contains(IncidentService.LOOKUPS + " sockets held by " + LOOKUP), explainText);
            assertTrue(explainText.contains(IncidentService.REPORTS + " stalled readers held by " + SUMMARIES),
                    explainText);

            Map<String, Object> report = Reports.parse(
                    target.cli("attach", "" + target.pid(), "--json").expect(0).stdout);
            Set<Long> unattributed = Reports.sockets(report, "UNATTRIBUTED").stream()
                    .filter(s -> "CLOSE_WAIT".equals(s.get("state")))
                    .map(s -> ((Number) s.get("inode")).longValue()).collect(Collectors.toSet());
            assertEquals(closeWait, unattributed, "the report has every CLOSE_WAIT socket from before the attach");
            assertEquals(Set.of(List.of(IncidentService.LOOKUPS, false), List.of(IncidentService.HUNG, true)),
                    list(report, "unattributed").stream()
                            .map(g -> List.of(((Number) g.get("count")).intValue(), g.get("accepted")))
                            .collect(Collectors.toSet()), report.get("unattributed").toString());

            String total = "plus " + closeWait.size() + " unattributed socket(s)";
            String text = target.cli("report", "" + target.pid()).expect(0).stdout;
            assertTrue(text.contains(total), text);
            assertTrue(text.contains("  " + IncidentService.LOOKUPS + " in CLOSE_WAIT, local 127.0.0.1:*"), text);
            assertTrue(text.contains("  " + IncidentService.HUNG + " in CLOSE_WAIT, local 127.0.0.1:"), text);
            assertTrue(text.contains("explain " + target.pid()), text);

            Path html = dir.resolve("incident.html");
            target.cli("report", "" + target.pid(), "--html", html.toString()).expect(0);
            String page = Files.readString(html, StandardCharsets.UTF_8);
            assertTrue(page.contains(total), "the page counts the same sockets");

            target.cli("detach", "" + target.pid()).expect(0);
        }
    }

    /** What explain says keeps a socket: a static field, or the application frame a thread is blocked at. */
    private static String culprit(Map<String, Object> socket, boolean stalled) {
        assertEquals("HELD", socket.get("verdict"), socket.toString());
        assertEquals(stalled, socket.get("stalled"), socket.toString());
        Map<?, ?> thread = (Map<?, ?>) socket.get("thread");
        if (thread != null) {
            List<?> stack = (List<?>) thread.get("stack");
            return "blocked at " + stack.get(((Number) thread.get("applicationFrame")).intValue());
        }
        return (stalled ? "stalled, " : "") + "held by " + ((List<?>) socket.get("retention")).get(0);
    }

    private static Set<Long> inodes(List<SsRow> rows, Predicate<SsRow> which) {
        return rows.stream().filter(which).map(r -> r.inode).collect(Collectors.toSet());
    }

    /** {@code ss -tanpe}'s rows of one process: what the on-call engineer starts from. */
    private static List<SsRow> ss(long pid) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ss", "-tanpeH").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        Pattern row = Pattern.compile("^(\\S+)\\s+(\\d+)\\s+\\d+\\s+\\S+\\s+\\S+\\s+users:\\(\\(\"java\",pid=" + pid
                + ",fd=\\d+\\)\\).*\\bino:(\\d+)");
        List<SsRow> rows = new ArrayList<>();
        for (String line : out.split("\n")) {
            Matcher m = row.matcher(line);
            if (m.find()) {
                rows.add(new SsRow(m.group(1), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))));
            }
        }
        return rows;
    }

    private static final class SsRow {
        final String state;
        final long recvQ;
        final long inode;

        SsRow(String state, long recvQ, long inode) {
            this.state = state;
            this.recvQ = recvQ;
            this.inode = inode;
        }

        @Override
        public String toString() {
            return state + " " + recvQ + " ino:" + inode;
        }
    }
}
