package io.sockwatch.it;

import static io.sockwatch.testing.Reports.list;
import static io.sockwatch.testing.Reports.map;
import static io.sockwatch.testing.SourceLines.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockwatch.it.apps.FdLeakUntilExhausted;
import io.sockwatch.testing.AgentRun;
import io.sockwatch.testing.TestJdk;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Under a small {@code ulimit -n}, a growing CLOSE_WAIT leak gets a forecast of when fds run out that matches
 * the real time to EMFILE within the documented tolerance (docs/report-format.md): 25% or 2 s, the larger.
 */
class FdForecastIT {
    private static final int FD_LIMIT = 400;

    @ParameterizedTest
    @EnumSource(TestJdk.class)
    void forecastOfAGrowingLeakMatchesTheRealTimeToEmfile(TestJdk jdk, @TempDir Path dir) throws Exception {
        AgentRun run = AgentRun.runWrapped(List.of("prlimit", "--nofile=" + FD_LIMIT + ":" + FD_LIMIT, "--"), jdk, dir,
                "interval=250ms,threshold=1s", FdLeakUntilExhausted.class);
        assertEquals(0, run.exitCode, run.describe());
        Matcher exhausted = Pattern.compile("exhausted at (\\d+)").matcher(run.stdout);
        assertTrue(exhausted.find() && !exhausted.group(1).equals("0"), "never ran out of fds: " + run.describe());

        Map<String, Object> report = run.snapshot("forecast");
        Map<String, Object> fds = map(report, "fds");
        assertEquals((long) FD_LIMIT, fds.get("limit"), fds.toString());
        assertNotNull(fds.get("exhaustionForecastSeconds"), "a growing leak has a forecast: " + fds);
        long forecastMillis = (Long) fds.get("exhaustionForecastSeconds") * 1000;
        long realMillis = Long.parseLong(exhausted.group(1))
                - Instant.parse((String) report.get("generatedAt")).toEpochMilli();
        long tolerance = Math.max(2_000, realMillis / 4);
        assertTrue(Math.abs(forecastMillis - realMillis) <= tolerance,
                "forecast " + forecastMillis + " ms, real " + realMillis + " ms; " + fds);

        List<Map<String, Object>> leaks = list(report, "leaks");
        assertEquals(1, leaks.size(), leaks.toString());
        assertEquals(frame(FdLeakUntilExhausted.class, "leak", "open:fd-leak"), leaks.get(0).get("site"));
        assertTrue(((Number) leaks.get(0).get("growthPerMinute")).doubleValue() > 0, leaks.toString());
    }
}
