package io.sockwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockwatch.it.apps.StuckBeforeAttach;
import io.sockwatch.testing.AgentRun;
import io.sockwatch.testing.Json;
import io.sockwatch.testing.Target;
import io.sockwatch.testing.TestJdk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What {@code explain} costs, kept in bounds: its analysis does not grow with the heap (millions of objects analysed
 * in a 64 MB CLI heap, and a CLI given more runs it in a JVM capped at 320 MB), and it refuses a pause longer than
 * the user's limit before it touches the JVM.
 */
class ExplainCostIT {
    private static final String APP = StuckBeforeAttach.class.getName();

    /** 4 million objects: an index that kept anything per object would not fit in 64 MB. */
    @ParameterizedTest
    @EnumSource(value = TestJdk.class, names = {"JDK17", "JDK25"})
    void millionsOfObjectsAreAnalysedInASmallHeap(TestJdk jdk, @TempDir Path dir) throws Exception {
        try (Target target = Target.start(jdk, dir, List.of("-Xmx1g"), StuckBeforeAttach.class, "200")) {
            target.await("stuck");
            Process cli = new ProcessBuilder(TestJdk.JDK17.java().toString(), "-Xmx64m", "-jar",
                    AgentRun.AGENT_JAR.toString(), "explain", "" + target.pid(), "--yes", "--json", "--max-pause", "60")
                    .redirectOutput(dir.resolve("cli.out").toFile()).redirectError(dir.resolve("cli.err").toFile())
                    .start();
            assertTrue(cli.waitFor(120, TimeUnit.SECONDS), "explain ended");
            String out = Files.readString(dir.resolve("cli.out"));
            assertEquals(0, cli.exitValue(), Files.readString(dir.resolve("cli.err")));
            Map<String, Object> dump = (Map<String, Object>) Json.object(out).get("dump");
            assertTrue(((Number) dump.get("objects")).longValue() > 4_000_000, "the ballast is in the dump: " + dump);
            List<Map<String, Object>> pooled = pooled(out);
            assertEquals(Set.of(0, 1, 2).stream().map(i -> List.of("static " + APP + ".POOL", "ArrayList[" + i + "]",
                            "StuckBeforeAttach$Conn.socket", "java.net.Socket")).collect(Collectors.toSet()),
                    pooled.stream().map(s -> s.get("retention")).collect(Collectors.toSet()), out);
            assertEquals(0, target.stop(), "the application runs on");
        }
    }

    /** A CLI with the default heap (a quarter of the machine's memory) analyses in a child JVM with -Xmx320m. */
    @Test
    void aCliWithALargeHeapAnalysesInAJvmOfItsOwnWithACappedHeap(@TempDir Path dir) throws Exception {
        try (Target target = Target.start(TestJdk.JDK17, dir, List.of(), StuckBeforeAttach.class)) {
            target.await("stuck");
            Process cli = new ProcessBuilder(TestJdk.JDK17.java().toString(), "-Xmx2g", "-jar",
                    AgentRun.AGENT_JAR.toString(), "explain", "" + target.pid(), "--yes", "--json")
                    .redirectOutput(dir.resolve("cli.out").toFile()).redirectError(dir.resolve("cli.err").toFile())
                    .start();
            Set<String> children = new TreeSet<>();
            while (cli.isAlive()) {
                // a child just forked has no arguments to read yet
                cli.children().forEach(c -> c.info().arguments().ifPresent(a -> children.add(String.join(" ", a))));
                Thread.sleep(10);
            }
            assertEquals(0, cli.exitValue(), Files.readString(dir.resolve("cli.err")));
            List<String> analysing = children.stream().filter(c -> c.contains("SockwatchCli explain"))
                    .collect(Collectors.toList());
            assertEquals(1, analysing.size(), "one analysing JVM: " + children);
            String child = analysing.get(0);
            assertTrue(child.contains("-Xmx320m") && child.contains("explain " + target.pid() + " --yes"), child);
            assertEquals(3, pooled(Files.readString(dir.resolve("cli.out"))).size());
            assertEquals(0, target.stop());
        }
    }

    @Test
    void aPauseOverTheLimitIsRefusedInOneLineNamingTheFlag(@TempDir Path dir) throws Exception {
        try (Target target = Target.start(TestJdk.JDK17, dir, List.of(), StuckBeforeAttach.class)) {
            target.await("stuck");
            Set<String> tmpBefore = sockwatchEntriesInTmp();
            Target.Cli plan = target.cli("explain", "" + target.pid(), "--max-pause", "0.001").expect(0);
            assertTrue(plan.stderr.contains("(limit 0.001 s, --max-pause)"), plan.stderr);
            assertTrue(plan.stderr.contains("Refused: the heap dump would stop pid " + target.pid()), plan.stderr);
            assertTrue(plan.stderr.contains("To accept the pause, run again with --yes --max-pause "), plan.stderr);

            Target.Cli refused = target.cli("explain", "" + target.pid(), "--yes", "--max-pause", "0.001").expect(1);
            assertEquals(1, refused.stderr.lines().count(), refused.stderr);
            assertTrue(refused.stderr.contains("longer than the limit of 0.001 s; nothing was done. To accept the "
                    + "pause, run again with --yes --max-pause "), refused.stderr);
            assertEquals("", refused.stdout);
            assertEquals(tmpBefore, sockwatchEntriesInTmp(), "no dump taken");

            Target.Cli bad = target.cli("explain", "" + target.pid(), "--yes", "--max-pause", "soon").expect(2);
            assertEquals(1, bad.stderr.lines().count(), bad.stderr);
            assertTrue(bad.stderr.contains("--max-pause needs a number of seconds above 0, like --max-pause 30; "
                    + "got 'soon'"), bad.stderr);
            assertFalse(bad.stderr.contains("Exception"), bad.stderr);
            assertEquals(0, target.stop());
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> pooled(String json) {
        return ((List<Map<String, Object>>) Json.object(json).get("sockets")).stream()
                .filter(s -> "HELD".equals(s.get("verdict")))
                .filter(s -> ((List<?>) s.get("retention")).get(0).toString().equals("static " + APP + ".POOL"))
                .collect(Collectors.toList());
    }

    private static Set<String> sockwatchEntriesInTmp() throws IOException {
        try (Stream<Path> tmp = Files.list(Paths.get("/tmp"))) {
            return tmp.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("sockwatch-"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
