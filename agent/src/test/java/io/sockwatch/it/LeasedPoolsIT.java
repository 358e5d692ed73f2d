package io.sockwatch.it;

import static io.sockwatch.testing.Reports.list;
import static io.sockwatch.testing.Reports.map;
import static io.sockwatch.testing.Reports.site;
import static io.sockwatch.testing.SourceLines.frame;
import static io.sockwatch.testing.SourceLines.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockwatch.it.apps.LeasedPools;
import io.sockwatch.testing.AgentRun;
import io.sockwatch.testing.ReportFormat;
import io.sockwatch.testing.TestJdk;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A connection borrowed from a real pool and never given back is a leak named by the line that borrowed it (not the
 * one that opened it, an earlier correct request), with its pool, the pool's leased count and the threads waiting for
 * a lease: in CLOSE_WAIT once the server closed it (HttpClient 4 and 5, OkHttp and a relocated OkHttp), and in
 * ESTABLISHED while the server keeps it open (Jedis, commons-pool2). A Jedis connection returned correctly and then
 * closed by the server is idle in its pool, not a leak; so is an HttpClient 5 async client's (ESTABLISHED: its event
 * loop closes a connection the server closed).
 */
class LeasedPoolsIT {
    private static final String OPTIONS = "interval=100ms,threshold=1000ms";
    private static final Map<String, String> POOLS = Map.of(
            "hc4", "org.apache.http.impl.conn.CPool",
            "hc5", "org.apache.hc.core5.pool.StrictConnPool",
            "okhttp", "okhttp3.internal.connection.RealConnectionPool",
            "shaded", "com.acme.shaded.okhttp3.internal.connection.RealConnectionPool",
            "jedis", "redis.clients.jedis.JedisPool");
    private static final Map<String, String> METHODS = Map.of(
            "hc4", "httpClient4", "hc5", "httpClient5", "okhttp", "okHttp", "shaded", "shadedOkHttp", "jedis", "jedis");

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = TestJdk.class, names = {"JDK17", "JDK25"})
    void aLeaseNeverReturnedIsALeakAtTheLineThatBorrowedIt(TestJdk jdk, @TempDir Path dir) throws Exception {
        AgentRun run = AgentRun.run(jdk, dir, OPTIONS, LeasedPools.class);
        assertEquals(0, run.exitCode, run.describe());
        Map<String, Object> report = run.snapshot("leased");
        ReportFormat.assertDocumented(report);
        Map<String, Object> leased = map(report, "leased");
        List<Map<String, Object>> leaks = list(leased, "leaks");
        assertEquals(POOLS.size(), leaks.size(), leaks.toString());
        // in CLOSE_WAIT, also a CLOSE_WAIT leak at the line that opened it (as before leases were seen); not in ESTABLISHED
        assertEquals(POOLS.keySet().stream().filter(c -> !c.equals("jedis")).map(LeasedPoolsIT::openLine)
                        .collect(Collectors.toSet()),
                list(report, "leaks").stream().map(g -> g.get("site")).collect(Collectors.toSet()));

        for (Map.Entry<String, String> pool : POOLS.entrySet()) {
            String client = pool.getKey();
            String method = METHODS.get(client);
            String borrowed = frame(LeasedPools.class, method, "lease:" + client);
            Map<String, Object> group = leaks.stream().filter(g -> pool.getValue().equals(g.get("pool"))).findFirst()
                    .orElseThrow(() -> new AssertionError(client + " not among " + leaks));
            assertEquals(borrowed, group.get("site"), client);
            assertEquals(1L, group.get("count"), client);

            List<Map<String, Object>> sockets = list(report, "sockets").stream()
                    .filter(s -> s.get("lease") != null && pool.getValue().equals(map(s, "lease").get("pool")))
                    .collect(Collectors.toList());
            assertEquals(1, sockets.size(), client + ": " + sockets);
            Map<String, Object> socket = sockets.get(0);
            assertEquals(true, socket.get("leak"), client);
            assertEquals(borrowed, map(socket, "lease").get("site"), client);
            assertEquals(openLine(client), site(report, socket),
                    client + ": the connection was opened by the earlier request");
            assertEquals(client.equals("jedis") ? "ESTABLISHED" : "CLOSE_WAIT", socket.get("state"), client);

            Map<String, Object> counts = list(leased, "pools").stream()
                    .filter(p -> pool.getValue().equals(p.get("pool"))).findFirst().orElseThrow();
            assertEquals(1L, counts.get("leased"), client);
            assertEquals(1L, counts.get("leaked"), client);
        }

        Map<String, String> waits = Map.of(
                "hc4-waiter", "org.apache.http.pool.AbstractConnPool.getPoolEntryBlocking(",
                "hc5-waiter", "org.apache.hc.client5.http.impl.classic.InternalExecRuntime.acquireEndpoint(",
                "jedis-waiter", "org.apache.commons.pool2.impl.GenericObjectPool.borrowObject(");
        List<Map<String, Object>> waiting = list(leased, "waiting");
        assertEquals(waits.keySet(), waiting.stream().map(w -> w.get("thread")).collect(Collectors.toSet()),
                waiting.toString());
        for (Map<String, Object> w : waiting) {
            String thread = (String) w.get("thread");
            assertTrue(((String) w.get("waitingIn")).startsWith(waits.get(thread)), w.toString());
            String marker = "wait:" + thread.substring(0, thread.indexOf('-'));
            assertTrue(((String) w.get("site")).endsWith("(LeasedPools.java:" + line(LeasedPools.class, marker) + ")"),
                    w.toString());
        }

        List<Map<String, Object>> idle = list(report, "sockets").stream()
                .filter(s -> "redis.clients.jedis.JedisPool".equals(s.get("pool"))).collect(Collectors.toList());
        assertEquals(1, idle.size(), "the Jedis connection the server closed waits in its pool: " + report.get("sockets"));
        assertEquals("CLOSE_WAIT", idle.get(0).get("state"));
        assertEquals(false, idle.get(0).get("leak"));
        assertEquals(frame(LeasedPools.class, "jedis", "idle:jedis"), site(report, idle.get(0)));

        Map<String, Object> async = list(report, "sockets").stream()
                .filter(s -> "org.apache.hc.core5.pool.StrictConnPool".equals(s.get("pool"))).findFirst()
                .orElseThrow(() -> new AssertionError("no idle HttpClient 5 async connection: " + report.get("sockets")));
        assertEquals("SOCKET_CHANNEL", async.get("kind"));
        assertEquals("ESTABLISHED", async.get("state"));
        assertEquals(false, async.get("leak"));

        assertTrue(run.stderr.contains("LEASED, NEVER RETURNED: 1 connection(s) borrowed at "
                + frame(LeasedPools.class, "jedis", "lease:jedis") + " from redis.clients.jedis.JedisPool;"),
                "announced while the application runs: " + run.describe());
        assertTrue(run.stderr.contains("LEASED, NEVER RETURNED 1/5"), run.describe());
        assertTrue(run.stderr.contains("WAITING FOR A LEASE: 3 thread(s)"), run.describe());
    }

    private static String openLine(String client) {
        try {
            return frame(LeasedPools.class, METHODS.get(client), "open:" + client);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
