package io.sockwatch.it;

import static io.sockwatch.testing.Reports.list;
import static io.sockwatch.testing.Reports.map;
import static io.sockwatch.testing.SourceLines.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sockwatch.it.apps.ReactorNettyLease;
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
 * Reactor Netty's pool: a connection leased on an event loop for a response whose body is never consumed (its
 * consumer stalled) is a leak named by the application line that subscribed to the request, not by the event loop;
 * the connection of a request that read its body is back in the pool it was leased from, idle, not a leak.
 */
class ReactorNettyPoolIT {
    private static final String POOL = "reactor.netty.resources.DefaultPooledConnectionProvider";

    /** Reactor Netty's default on Linux is Netty's native epoll transport when it is on the class path, as here. */
    @ParameterizedTest(name = "{0}, native epoll")
    @EnumSource(value = TestJdk.class, names = {"JDK17", "JDK25"})
    void nativeEpoll(TestJdk jdk, @TempDir Path dir) throws Exception {
        anUnconsumedResponseKeepsItsConnectionLeasedAtTheLineThatSubscribed(jdk, dir, List.of());
    }

    @ParameterizedTest(name = "{0}, NIO")
    @EnumSource(value = TestJdk.class, names = {"JDK17", "JDK25"})
    void nio(TestJdk jdk, @TempDir Path dir) throws Exception {
        anUnconsumedResponseKeepsItsConnectionLeasedAtTheLineThatSubscribed(jdk, dir,
                List.of("-Dreactor.netty.native=false"));
    }

    private static void anUnconsumedResponseKeepsItsConnectionLeasedAtTheLineThatSubscribed(TestJdk jdk, Path dir,
            List<String> jvmArgs) throws Exception {
        AgentRun run = AgentRun.run(jdk, dir, "interval=100ms,threshold=1000ms", jvmArgs, ReactorNettyLease.class);
        assertEquals(0, run.exitCode, run.describe());
        Map<String, Object> report = run.snapshot("reactor");
        ReportFormat.assertDocumented(report);

        String subscribed = frame(ReactorNettyLease.class, "main", "lease:reactor");
        List<Map<String, Object>> leaks = list(map(report, "leased"), "leaks");
        assertEquals(1, leaks.size(), leaks.toString());
        assertEquals(POOL, leaks.get(0).get("pool"));
        assertEquals(subscribed, leaks.get(0).get("site"));
        assertEquals(1L, leaks.get(0).get("count"));
        Map<String, Object> pool = list(map(report, "leased"), "pools").get(0);
        assertEquals(List.of(POOL, 1L, 1L, 1L), List.of(pool.get("pool"), pool.get("leased"), pool.get("leaked"),
                pool.get("idle")), "returned to the pool it was leased from: " + pool);

        List<Map<String, Object>> sockets = list(report, "sockets");
        List<Map<String, Object>> leased = sockets.stream().filter(s -> s.get("lease") != null)
                .collect(Collectors.toList());
        assertEquals(1, leased.size(), sockets.toString());
        assertEquals(true, leased.get(0).get("leak"));
        assertEquals("ESTABLISHED", leased.get(0).get("state"));
        assertEquals(subscribed, map(leased.get(0), "lease").get("site"));

        List<Map<String, Object>> idle = sockets.stream().filter(s -> POOL.equals(s.get("pool")))
                .collect(Collectors.toList());
        assertEquals(1, idle.size(), "the connection whose body was read is idle in the pool: " + sockets);
        assertEquals(false, idle.get(0).get("leak"));
        assertEquals("ESTABLISHED", idle.get(0).get("state"));
        assertEquals(null, idle.get(0).get("lease"));
    }
}
