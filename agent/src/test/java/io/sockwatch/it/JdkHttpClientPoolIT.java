package io.sockwatch.it;

import static io.sockwatch.testing.Reports.list;
import static io.sockwatch.testing.Reports.site;
import static io.sockwatch.testing.SourceLines.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sockwatch.it.apps.JdkHttpClientPooled;
import io.sockwatch.testing.AgentRun;
import io.sockwatch.testing.ReportFormat;
import io.sockwatch.testing.TestJdk;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JDK HttpClient's own connection pool is recognised: a connection back in it is idle in a pool, named by the
 * application's call, never a leak (the JUnit extension then lets a test that used a shared client pass).
 */
class JdkHttpClientPoolIT {
    static Stream<Arguments> versionsOnEveryJdk() {
        return Stream.of("http", "http2").flatMap(v -> Stream.of(TestJdk.JDK17, TestJdk.JDK25).map(jdk -> Arguments.of(jdk, v)));
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("versionsOnEveryJdk")
    void aConnectionBackInTheClientsPoolIsIdleInAPool(TestJdk jdk, String version, @TempDir Path dir) throws Exception {
        AgentRun run = AgentRun.run(jdk, dir, "interval=100ms,threshold=500ms", JdkHttpClientPooled.class, version);
        assertEquals(0, run.exitCode, run.describe());
        Map<String, Object> report = run.snapshot("pooled");
        ReportFormat.assertDocumented(report);
        List<Map<String, Object>> clients = list(report, "sockets").stream()
                .filter(s -> "SOCKET_CHANNEL".equals(s.get("kind"))).collect(Collectors.toList());
        assertEquals(1, clients.size(), "the client's one connection: " + report.get("sockets"));
        Map<String, Object> pooled = clients.get(0);
        assertEquals(JdkHttpClientPooled.POOL, pooled.get("pool"), pooled.toString());
        assertEquals("ESTABLISHED", pooled.get("state"), pooled.toString());
        assertEquals(false, pooled.get("leak"));
        assertEquals(frame(JdkHttpClientPooled.class, "main", "call:pooled"), site(report, pooled));
    }
}
