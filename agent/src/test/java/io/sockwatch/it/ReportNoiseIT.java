package io.sockwatch.it;

import static io.sockwatch.testing.Reports.list;
import static io.sockwatch.testing.SourceLines.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockwatch.it.apps.NoisyLeaks;
import io.sockwatch.testing.AgentRun;
import io.sockwatch.testing.ReportFormat;
import io.sockwatch.testing.TestJdk;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The text report says each thing once: no caller stack that repeats the allocation stack, no negative rate of new
 * leaks for a steady leak, one line for the threads that moved on.
 */
class ReportNoiseIT {

    @ParameterizedTest
    @EnumSource(value = TestJdk.class, names = {"JDK17", "JDK25"})
    void theTextReportSaysEachThingOnce(TestJdk jdk, @TempDir Path dir) throws Exception {
        AgentRun run = AgentRun.run(jdk, dir, "interval=200ms,threshold=1s", NoisyLeaks.class);
        assertEquals(0, run.exitCode, run.describe());
        String text = run.stderr;
        String steady = frame(NoisyLeaks.class, "main", "open:steady");
        String movedOn = frame(NoisyLeaks.class, "work", "open:moved-on");
        String direct = frame(NoisyLeaks.class, "main", "call:direct");
        for (String site : List.of(steady, movedOn, direct)) {
            assertTrue(text.contains(" socket(s) in CLOSE_WAIT opened at " + site + "\n"), site + " in " + text);
        }

        // a rate of new leaks is never negative, in text or JSON, though three sockets of the steady site were closed
        assertFalse(Pattern.compile("-\\d+\\.\\d/min").matcher(text).find(), text);
        String steadyGroup = group(text, steady);
        assertTrue(steadyGroup.startsWith("LEAK") && steadyGroup.contains(" " + NoisyLeaks.STEADY
                + " socket(s) in CLOSE_WAIT"), steadyGroup);
        assertTrue(steadyGroup.contains("\n  new leaks at this site: "), steadyGroup);
        Map<String, Object> report = run.snapshot("leaked");
        ReportFormat.assertDocumented(report);
        for (Map<String, Object> leak : list(report, "leaks")) {
            Object growth = leak.get("growthPerMinute");
            assertTrue(growth == null || ((Number) growth).doubleValue() >= 0, leak.toString());
        }

        // the workers that moved on share one line
        String movedOnGroup = group(text, movedOn);
        List<String> notes = movedOnGroup.lines().filter(l -> l.contains("since done I/O on other sockets"))
                .collect(Collectors.toList());
        assertEquals(1, notes.size(), movedOnGroup);
        assertTrue(notes.get(0).contains("; all " + NoisyLeaks.WORKERS + " have since done I/O on other sockets, so their "
                + "current stacks are not about these (now RUNNABLE " + NoisyLeaks.WORKERS + ")"), notes.get(0));
        assertTrue(notes.get(0).contains(" and 1 more thread(s)"), notes.get(0));

        // the exchange ran on the caller's thread: its stack is the allocation stack, printed once
        String directGroup = group(text, direct);
        assertFalse(directGroup.contains("for the application's call"), directGroup);
        assertEquals(1, directGroup.lines().filter(l -> l.equals("  --> at " + direct)).count(), directGroup);
    }

    /** The block of the text report for the leak opened at {@code site}. */
    private static String group(String text, String site) {
        for (String block : text.split("\n\n")) {
            if (block.startsWith("LEAK ") && block.lines().findFirst().orElseThrow().endsWith(" opened at " + site)) {
                return block;
            }
        }
        throw new AssertionError("no LEAK block for " + site + " in " + text);
    }
}
