package io.sockwatch.it;

import static io.sockwatch.testing.Reports.counter;
import static io.sockwatch.testing.Reports.frames;
import static io.sockwatch.testing.Reports.list;
import static io.sockwatch.testing.Reports.thread;
import static io.sockwatch.testing.SourceLines.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockwatch.it.apps.JdkHttpClientAsyncLeak;
import io.sockwatch.testing.AgentRun;
import io.sockwatch.testing.ReportFormat;
import io.sockwatch.testing.TestJdk;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A socket that a client's worker thread opened, or took from its pool, for an application call names that call. */
class AsyncCallerIT {

    @ParameterizedTest
    @EnumSource(value = TestJdk.class, names = {"JDK17", "JDK25"})
    void aJdkHttpClientLeakNamesTheSendAsyncLineOfTheExchangeThatUsedTheConnection(TestJdk jdk, @TempDir Path dir)
            throws Exception {
        AgentRun run = AgentRun.run(jdk, dir, "interval=100ms,threshold=1s", JdkHttpClientAsyncLeak.class);
        assertEquals(0, run.exitCode, run.describe());
        Map<String, Object> report = run.snapshot("leaked");
        ReportFormat.assertDocumented(report);
        assertEquals(1L, counter(report, "opened", "SOCKET_CHANNEL"), "one connection, reused from the pool");
        List<Map<String, Object>> leaks = list(report, "leaks");
        assertEquals(1, leaks.size(), run.describe());
        Map<String, Object> leak = leaks.get(0);
        String sendAsync = frame(JdkHttpClientAsyncLeak.class, "main", "call:sendAsync");
        assertEquals(sendAsync, leak.get("site"), "the second call's line, not the first's that opened it");
        assertTrue(frames(report, leak.get("caller")).contains(sendAsync), leak.toString());
        // the socket itself was opened on a worker thread, whose stack names no application code
        assertTrue(((String) thread(report, leak.get("openedBy")).get("name")).startsWith("HttpClient-"), leak.toString());
        assertFalse(frames(report, leak.get("stack")).stream().anyMatch(f -> f.startsWith("io.sockwatch.it.")),
                frames(report, leak.get("stack")).toString());
        Map<String, Object> socket = list(report, "sockets").stream().filter(s -> Boolean.TRUE.equals(s.get("leak")))
                .findFirst().orElseThrow();
        assertEquals("CLOSE_WAIT", socket.get("state"));
        assertEquals(leak.get("caller"), socket.get("caller"));
    }
}
