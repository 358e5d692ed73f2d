package io.sockwatch.it;

import static io.sockwatch.testing.Reports.counter;
import static io.sockwatch.testing.Reports.list;
import static io.sockwatch.testing.Reports.site;
import static io.sockwatch.testing.SourceLines.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockwatch.it.apps.Churn;
import io.sockwatch.it.apps.HoldConnections;
import io.sockwatch.it.apps.ManyOpen;
import io.sockwatch.testing.AgentRun;
import io.sockwatch.testing.Target;
import io.sockwatch.testing.TestJdk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Load: 8 threads churning 1,000,000 sockets (about 20 s on 2 cores; -Dsockwatch.load.sockets=N for another
 * size) and tens of thousands of sockets open at once.
 */
class LoadIT {
    private static final int THREADS = 8;

    @Test
    void churnOfManySocketsIsCountedExactlyWithBoundedHeap(@TempDir Path dir) throws Exception {
        long sockets = Long.getLong("sockwatch.load.sockets", 1_000_000);
        int iterations = (int) (sockets / 4 / THREADS); // each iteration opens 4 sockets: 2 client, 2 accepted
        // The AgentRun timeout (120 s) is the watchdog: a deadlock fails the test instead of hanging CI.
        AgentRun run = AgentRun.run(TestJdk.JDK17, dir, "interval=500ms", List.of("-Xmx256m"), Churn.class,
                "" + THREADS, "" + iterations);
        assertEquals(0, run.exitCode, run.describe());
        assertTrue(run.stdout.contains("failures=0"), run.describe());
        Map<String, Object> report = run.snapshot("done");
        long n = (long) THREADS * iterations;
        long total = 0;
        for (String kind : new String[] {"SOCKET", "ACCEPTED_SOCKET", "SOCKET_CHANNEL", "ACCEPTED_SOCKET_CHANNEL"}) {
            assertEquals(n, counter(report, "opened", kind), "opened " + kind);
            assertEquals(n, counter(report, "closed", kind), "closed " + kind);
            total += counter(report, "opened", kind);
        }
        assertTrue(total >= sockets - 4L * THREADS, "opened " + total);
        assertEquals(List.of(), list(report, "sockets"), "none left behind");
        long heapMb = Long.parseLong(run.stdout.lines().filter(l -> l.startsWith("heapAfterGcMb="))
                .findFirst().orElseThrow().substring("heapAfterGcMb=".length()));
        assertTrue(heapMb < 64, "heap after GC " + heapMb + " MB");
        System.out.println("LoadIT: " + total + " sockets churned, heap after GC " + heapMb + " MB");
    }

    @Test
    void tensOfThousandsOfOpenSocketsAreScannedIntoAFewHundredBytesEach(@TempDir Path dir) throws Exception {
        int count = 19_000; // both ends in one process would need 38k fds; the limit here is 20k per process
        try (Target peer = Target.start(TestJdk.JDK17, dir, List.of(), HoldConnections.class)) {
            String port = awaitPort(peer);
            Path html = dir.resolve("report.html");
            AgentRun run = AgentRun.run(TestJdk.JDK17, dir, "interval=1s,html=" + html, List.of("-Xmx1g"),
                    ManyOpen.class, port, "" + count);
            assertEquals(0, run.exitCode, run.describe());
            Map<String, Object> open = run.snapshot("open");
            List<Map<String, Object>> sockets = list(open, "sockets");
            assertEquals(count, sockets.size());
            // Stacks and threads are written once, in their tables: a socket's own entry is a few numbers.
            long bytesPerSocket = Files.size(dir.resolve("open.json")) / count;
            // Each socket wrote a byte, so its entry carries its last I/O too; stacks and threads are in their
            // tables, once.
            assertTrue(bytesPerSocket <= 300, bytesPerSocket + " bytes per socket");
            System.out.println("LoadIT: JSON of " + count + " open sockets, " + bytesPerSocket + " bytes per socket");
            String site = frame(ManyOpen.class, "main", "open:many");
            Map<String, Long> bySite = sockets.stream().peek(s -> assertEquals("ESTABLISHED", s.get("state")))
                    .collect(Collectors.groupingBy(s -> site(open, s), Collectors.counting()));
            // Opened far above 2,000 a second: the stack-capture budget samples, yet the site is never lost.
            assertTrue(bySite.getOrDefault(site, 0L) >= 2_000, bySite.toString());
            bySite.remove(site);
            bySite.remove("(allocation stack not sampled: opened during extreme socket churn)");
            assertEquals(Map.of(), bySite);
            assertEquals(List.of(), list(run.snapshot("closed"), "sockets"));
            // the page names groups and draws the history; it does not list sockets
            assertTrue(Files.size(html) < 1_000_000, Files.size(html) + " bytes of HTML");
            System.out.println("LoadIT: HTML report after " + count + " sockets, " + Files.size(html) + " bytes");
            peer.touch("stop");
        }
    }

    @Test
    void stacksAllCapturesEveryStackEvenAtExtremeRates(@TempDir Path dir) throws Exception {
        int count = 5_000;
        try (Target peer = Target.start(TestJdk.JDK17, dir, List.of(), HoldConnections.class)) {
            AgentRun run = AgentRun.run(TestJdk.JDK17, dir, "interval=1s,stacks=all", ManyOpen.class, awaitPort(peer),
                    "" + count);
            assertEquals(0, run.exitCode, run.describe());
            Map<String, Object> open = run.snapshot("open");
            assertEquals(Map.of(frame(ManyOpen.class, "main", "open:many"), (long) count), list(open, "sockets")
                    .stream().collect(Collectors.groupingBy(s -> site(open, s), Collectors.counting())));
            peer.touch("stop");
        }
    }

    private static String awaitPort(Target peer) throws Exception {
        for (int i = 0; i < 500; i++) {
            String out = peer.stdout();
            if (out.startsWith("port=")) {
                return out.trim().substring("port=".length());
            }
            Thread.sleep(20);
        }
        throw new AssertionError("peer did not start: " + peer.stderr());
    }
}
