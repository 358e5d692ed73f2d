package io.sockwatch.it;

import static io.sockwatch.testing.Reports.counter;
import static io.sockwatch.testing.Reports.list;
import static io.sockwatch.testing.Reports.sites;
import static io.sockwatch.testing.Reports.sockets;
import static io.sockwatch.testing.SourceLines.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sockwatch.it.apps.AllKinds;
import io.sockwatch.testing.AgentRun;
import io.sockwatch.testing.TestJdk;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Collectors;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every socket kind: each open and each close seen exactly once, and opened at the right line. */
class AllKindsIT {

    /** Kind -> markers of the lines in {@link AllKinds} that open sockets of that kind. */
    private static final Map<String, String[]> OPENED_AT = new LinkedHashMap<>();

    static {
        OPENED_AT.put("SERVER_SOCKET", new String[] {"open:server-socket"});
        OPENED_AT.put("SOCKET", new String[] {"open:client-socket", "open:late-socket", "open:plain-under-ssl"});
        OPENED_AT.put("ACCEPTED_SOCKET", new String[] {"open:accepted-socket", "open:accepted-late", "open:accepted-ssl"});
        OPENED_AT.put("SERVER_SOCKET_CHANNEL", new String[] {"open:server-channel"});
        OPENED_AT.put("SOCKET_CHANNEL", new String[] {"open:client-channel"});
        OPENED_AT.put("ACCEPTED_SOCKET_CHANNEL", new String[] {"open:accepted-channel"});
        OPENED_AT.put("ASYNC_SERVER_SOCKET_CHANNEL", new String[] {"open:async-server"});
        OPENED_AT.put("ASYNC_SOCKET_CHANNEL", new String[] {"open:async-client"});
    }

    @ParameterizedTest
    @EnumSource(TestJdk.class)
    void everyKindIsSeenOnceAtItsLine(TestJdk jdk, @TempDir Path dir) throws Exception {
        AgentRun run = AgentRun.run(jdk, dir, "interval=100ms", AllKinds.class);
        assertEquals(0, run.exitCode, run.describe());
        assertEquals(List.of(), run.stderr.lines().filter(l -> l.contains("WARNING")).collect(Collectors.toList()),
                "no JVM warning caused by -javaagent on " + jdk);

        Map<String, Object> open = run.snapshot("open");
        for (Map.Entry<String, String[]> e : OPENED_AT.entrySet()) {
            Set<String> expected = new HashSet<>();
            for (String marker : e.getValue()) {
                expected.add(frame(AllKinds.class, "main", marker));
            }
            assertEquals(expected, new HashSet<>(sites(open, sockets(open, e.getKey()))), e.getKey() + " sites on " + jdk);
        }
        // Accepted on an async group thread: no application frame, but exactly one.
        assertEquals(1, sockets(open, "ACCEPTED_ASYNC_SOCKET_CHANNEL").size(), run.describe());
        assertEquals(13, list(open, "sockets").size(), "tracked sockets (unix-domain ignored) on " + jdk);

        Map<String, Object> closed = run.snapshot("closed");
        Map<String, Long> expectedCounts = new LinkedHashMap<>();
        OPENED_AT.forEach((kind, markers) -> expectedCounts.put(kind, (long) markers.length));
        expectedCounts.put("ACCEPTED_ASYNC_SOCKET_CHANNEL", 1L);
        for (Map.Entry<String, Long> e : expectedCounts.entrySet()) {
            assertEquals(e.getValue(), counter(closed, "opened", e.getKey()), "opened " + e.getKey() + " on " + jdk);
            assertEquals(e.getValue(), counter(closed, "closed", e.getKey()), "closed " + e.getKey() + " on " + jdk);
            assertEquals(0L, counter(closed, "reclaimedWithoutClose", e.getKey()), "reclaimed " + e.getKey());
        }
        assertEquals(0, list(closed, "sockets").size(), "nothing left open on " + jdk + ": " + list(closed, "sockets"));
        assertEquals(Arrays.asList(), list(closed, "leaks"));
    }
}
