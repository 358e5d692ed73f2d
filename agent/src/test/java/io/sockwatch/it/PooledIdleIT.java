package io.sockwatch.it;

import static io.sockwatch.testing.Reports.list;
import static io.sockwatch.testing.Reports.site;
import static io.sockwatch.testing.SourceLines.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockwatch.it.apps.PooledIdleAndLeak;
import io.sockwatch.testing.AgentRun;
import io.sockwatch.testing.ReportFormat;
import io.sockwatch.testing.TestJdk;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A connection released correctly to its client's pool, then closed by the server's idle timeout, sits in CLOSE_WAIT
 * like a leak. It is reported apart, labelled with its pool, and never as a leak; the real leak beside it still is,
 * at the application's line, with no {@code skip=}.
 */
class PooledIdleIT {
    private static final String OPTIONS = "interval=100ms,threshold=1000ms";

    static List<Arguments> clientsOnEveryJdk() {
        Map<String, String> pools = Map.of(
                "hc4", "org.apache.http.impl.conn.CPool",
                "hc5", "org.apache.hc.core5.pool.StrictConnPool",
                "okhttp", "okhttp3.internal.connection.RealConnectionPool",
                "urlconnection", "sun.net.www.http.KeepAliveCache");
        return pools.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .flatMap(p -> java.util.Arrays.stream(TestJdk.values()).map(jdk -> Arguments.of(jdk, p.getKey(), p.getValue())))
                .collect(Collectors.toList());
    }

    /** Over HTTPS the pool's socket is a TLS layer over the socket sockwatch tracks. */
    static List<Arguments> clientsOverHttps() {
        return clientsOnEveryJdk().stream().filter(a -> a.get()[0] != TestJdk.JDK17_PLAIN_SOCKET_IMPL).collect(Collectors.toList());
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("clientsOnEveryJdk")
    void anIdlePooledConnectionIsLabelledNotLeaked(TestJdk jdk, String client, String pool, @TempDir Path dir)
            throws Exception {
        assertIdleLabelledAndLeakReported(AgentRun.run(jdk, dir, OPTIONS, PooledIdleAndLeak.class, client), client, pool);
    }

    @ParameterizedTest(name = "{1} over HTTPS on {0}")
    @MethodSource("clientsOverHttps")
    void anIdlePooledHttpsConnectionIsLabelledNotLeaked(TestJdk jdk, String client, String pool, @TempDir Path dir)
            throws Exception {
        Path keyStore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(jdk.java().resolveSibling("keytool").toString(), "-genkeypair",
                "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-ext", "san=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                "-storepass", "changeit", "-keypass", "changeit").inheritIO().start();
        assertEquals(0, keytool.waitFor(), "keytool");
        assertIdleLabelledAndLeakReported(AgentRun.run(jdk, dir, OPTIONS, PooledIdleAndLeak.class, client,
                keyStore.toString()), client, pool);
    }

    private static void assertIdleLabelledAndLeakReported(AgentRun run, String client, String pool) throws Exception {
        assertEquals(0, run.exitCode, run.describe());
        Map<String, Object> report = run.snapshot("pooled");
        ReportFormat.assertDocumented(report);
        String method = client.equals("urlconnection") ? "urlConnection" : client.equals("okhttp") ? "okHttp"
                : client.equals("hc4") ? "httpClient4" : "httpClient5";

        List<Map<String, Object>> leaks = list(report, "leaks");
        assertEquals(1, leaks.size(), run.describe());
        assertEquals(frame(PooledIdleAndLeak.class, method, "open:" + client + "-leak"), leaks.get(0).get("site"));

        List<Map<String, Object>> idle = list(report, "sockets").stream().filter(s -> s.get("pool") != null)
                .collect(Collectors.toList());
        assertEquals(1, idle.size(), "one connection idle in its pool: " + report.get("sockets"));
        Map<String, Object> pooled = idle.get(0);
        assertEquals(pool, pooled.get("pool"));
        assertEquals("CLOSE_WAIT", pooled.get("state"), "the server closed it: " + pooled);
        assertEquals(false, pooled.get("leak"));
        assertTrue((Long) pooled.get("idleSince") >= (Long) pooled.get("openedAt"), pooled.toString());
        String pooledLine = frame(PooledIdleAndLeak.class, method, "open:" + client + "-pooled");
        assertEquals(pooledLine, site(report, pooled));

        List<Map<String, Object>> groups = list(report, "idleInPools");
        assertEquals(1, groups.size(), groups.toString());
        assertEquals(pooledLine, groups.get(0).get("site"));
        assertEquals(pool, groups.get(0).get("pool"));
        assertTrue(run.stderr.contains("IDLE IN POOL (not a leak): 1 socket(s) in CLOSE_WAIT idle in " + pool),
                run.describe());
    }
}
