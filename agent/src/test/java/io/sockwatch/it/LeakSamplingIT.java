package io.sockwatch.it;

import static io.sockwatch.testing.Reports.list;
import static io.sockwatch.testing.Reports.site;
import static io.sockwatch.testing.SourceLines.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockwatch.it.apps.RareLeakChurn;
import io.sockwatch.testing.AgentRun;
import io.sockwatch.testing.TestJdk;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Sampling follows the leaks: at extreme churn the capture budget skips most stacks, yet nearly every socket leaked by
 * a rare error path of the churning pool carries its line.
 */
class LeakSamplingIT {
    /** The ordinary budget captures every open below this rate; the test means nothing if the churn stays under it. */
    private static final long BUDGET_PER_SECOND = 2_000;

    @ParameterizedTest
    @EnumSource(value = TestJdk.class, names = {"JDK17", "JDK25"})
    void rareLeaksAtExtremeChurnCarryTheirLine(TestJdk jdk, @TempDir Path dir) throws Exception {
        int connections = 80_000;
        int leakEvery = 200;
        AgentRun run = AgentRun.run(jdk, dir, "interval=1s,threshold=1s", RareLeakChurn.class, "4", "" + connections,
                "" + leakEvery);
        assertEquals(0, run.exitCode, run.describe());
        long opensPerSecond = Long.parseLong(value(run, "opensPerSecond="));
        // At twice the budget the ordinary sampling alone gives a leak its line about half the time, and less above.
        assertTrue(opensPerSecond >= 2 * BUDGET_PER_SECOND, "churn too slow to test sampling: " + opensPerSecond);
        assertEquals("" + connections / leakEvery, value(run, "leaked="));

        Map<String, Object> report = run.snapshot("done");
        List<Map<String, Object>> leaked = list(report, "sockets").stream()
                .filter(s -> Boolean.TRUE.equals(s.get("leak"))).collect(Collectors.toList());
        assertEquals(connections / leakEvery, leaked.size(), run.describe());
        Map<String, Long> bySite = leaked.stream()
                .collect(Collectors.groupingBy(s -> site(report, s), Collectors.counting()));
        long withLine = bySite.getOrDefault(frame(RareLeakChurn.class, "request", "open:request"), 0L);
        System.out.println("LeakSamplingIT on " + jdk + ": " + opensPerSecond + " opens/s, " + withLine + " of "
                + leaked.size() + " leaked sockets with their line " + bySite);
        assertTrue(withLine >= 0.9 * leaked.size(), bySite.toString());
    }

    private static String value(AgentRun run, String prefix) {
        return run.stdout.lines().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + prefix + " in " + run.describe()))
                .substring(prefix.length()).split(" ")[0];
    }
}
