package io.sockwatch.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AgentOptionsTest {

    @Test
    void parsesEveryOption() {
        List<String> problems = new ArrayList<>();
        AgentOptions o = AgentOptions.parse("interval=500ms, threshold=2m,json=/tmp/x.json,report=off,skip=a.:b.",
                problems);
        assertEquals(List.of(), problems);
        assertEquals(Duration.ofMillis(500), o.interval());
        assertEquals(Duration.ofMinutes(2), o.threshold());
        assertEquals(Paths.get("/tmp/x.json"), o.json());
        assertEquals("off", o.report());
        assertEquals(List.of("a.", "b."), o.skip());
    }

    @Test
    void defaultsWhenEmpty() {
        List<String> problems = new ArrayList<>();
        AgentOptions o = AgentOptions.parse(null, problems);
        assertEquals(List.of(), problems);
        assertEquals(Duration.ofSeconds(5), o.interval());
        assertEquals(Duration.ofSeconds(30), o.threshold());
        assertNull(o.json());
        assertEquals("stderr", o.report());
    }

    @Test
    void durations() {
        assertEquals(Duration.ofMillis(5), AgentOptions.parseDuration("5ms"));
        assertEquals(Duration.ofSeconds(2), AgentOptions.parseDuration("2s"));
        assertEquals(Duration.ofHours(1), AgentOptions.parseDuration("1H"));
        assertNull(AgentOptions.parseDuration("5"));
        assertNull(AgentOptions.parseDuration("s"));
        assertNull(AgentOptions.parseDuration("-1s"));
        assertNull(AgentOptions.parseDuration("1.5s"));
        assertNull(AgentOptions.parseDuration("99999999999s"));
    }

    @Test
    void aBadOptionIsNamedAndIgnoredTheOthersApply() {
        List<String> problems = new ArrayList<>();
        AgentOptions o = AgentOptions.parse("interval=fast,threshold=10s,colour=blue", problems);
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("interval='fast' is not a duration"), problems.get(0));
        assertTrue(problems.get(0).endsWith("ignored, using interval=5s"), problems.get(0));
        assertTrue(problems.get(1).startsWith("unknown option 'colour'; valid options: interval=<100ms..1h>"));
        assertEquals(Duration.ofSeconds(10), o.threshold());
    }

    /** A huge interval used to overflow Duration.toNanos() in the scanner and kill it (issue 10, point 5). */
    @Test
    void durationsOutOfRangeAreRefusedWithTheRange() {
        for (String option : List.of("interval=999999999m", "interval=2h", "interval=10ms", "threshold=31d",
                "threshold=999999999h", "threshold=5ms")) {
            List<String> problems = new ArrayList<>();
            AgentOptions o = AgentOptions.parse(option, problems);
            assertEquals(1, problems.size(), option);
            assertTrue(problems.get(0).contains("is out of range; use "), problems.get(0));
            assertEquals(AgentOptions.DEFAULT_INTERVAL, o.interval(), option);
            assertEquals(AgentOptions.DEFAULT_THRESHOLD, o.threshold(), option);
        }
        assertEquals(Duration.ofHours(1), AgentOptions.parse("interval=1h", new ArrayList<>()).interval());
        assertEquals(Duration.ofDays(30), AgentOptions.parse("threshold=30d", new ArrayList<>()).threshold());
        assertEquals(List.of("threshold='31d' is out of range; use 100ms to 30d"), AgentOptions.problems("threshold=31d"));
    }

    /** jmxSites bounds the series an exporter makes of leak sites: 0 to 1000, default 20. */
    @Test
    void jmxSitesIsANumberUpToAThousand() {
        assertEquals(20, AgentOptions.parse(null, new ArrayList<>()).jmxSites());
        assertEquals(0, AgentOptions.parse("jmxSites=0", new ArrayList<>()).jmxSites());
        assertEquals("interval=5s,threshold=30s,report=stderr,jmxSites=1000",
                AgentOptions.parse("jmxSites=1000", new ArrayList<>()).toString());
        for (String bad : List.of("jmxSites=1001", "jmxSites=-1", "jmxSites=many", "jmxSites=")) {
            List<String> problems = new ArrayList<>();
            assertEquals(20, AgentOptions.parse(bad, problems).jmxSites(), bad);
            assertEquals(List.of(bad.replace("jmxSites=", "jmxSites='") + "' is not a number from 0 to 1000; ignored, "
                    + "using jmxSites=20"), problems);
        }
    }

    @Test
    void scanScheduleBacksOffAfterFailuresAndNeverOverflows() {
        Duration second = Duration.ofSeconds(1);
        assertEquals(1000, ScanSchedule.delayMillis(second, 0));
        assertEquals(2000, ScanSchedule.delayMillis(second, 1), "a failed scan is not retried at once");
        assertEquals(4000, ScanSchedule.delayMillis(second, 2));
        assertEquals(ScanSchedule.MAX_BACKOFF_MILLIS, ScanSchedule.delayMillis(second, 20));
        assertEquals(ScanSchedule.MAX_BACKOFF_MILLIS, ScanSchedule.delayMillis(second, Integer.MAX_VALUE));
        assertEquals(Duration.ofHours(1).toMillis(), ScanSchedule.delayMillis(Duration.ofHours(1), 5),
                "never more often than the interval");
        assertEquals(200, ScanSchedule.delayMillis(Duration.ofMillis(100), 1));
    }

    @Test
    void generatedGarbageNeverThrowsAndEachProblemIsOneLine() {
        Random random = new Random(7);
        String alphabet = "intervalthresholdjsonreportskip=,:;ms0123456789-. \t\n\"\\{}\u00e9";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder s = new StringBuilder();
            for (int n = random.nextInt(60); n > 0; n--) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            List<String> problems = new ArrayList<>();
            AgentOptions o = AgentOptions.parse(s.toString(), problems);
            assertFalse(o.interval().isNegative() || o.interval().isZero(), s.toString());
            for (String p : problems) {
                assertFalse(p.contains("\n") && !s.toString().contains("\n"), p);
                assertTrue(p.length() < 400, p);
            }
        }
    }
}
