package io.sockwatch.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks a JSON report against the contract in docs/report-format.md. */
public final class ReportFormat {
    private static final Set<String> STATES = Set.of("ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2",
            "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING", "NEW_SYN_RECV", "UNKNOWN");
    /** {@code 127.0.0.1:8080} or {@code [::1]:8080}; v4-mapped addresses must print as plain IPv4. */
    private static final Pattern ADDRESS = Pattern.compile("(\\d{1,3}(\\.\\d{1,3}){3}|\\[[0-9a-f:]+\\]|\\*):\\d{1,5}");
    /** {@code declaringClass.method(File.java:LINE)}, as a Java stack trace line prints it. */
    private static final Pattern FRAME = Pattern.compile(
            "[\\w$.]+\\.[\\w$<>]+\\(([\\w$]+\\.java:\\d+|[\\w$]+\\.\\w+|Native Method|Unknown Source)\\)");

    private ReportFormat() {
    }

    @SuppressWarnings("unchecked")
    public static void assertDocumented(Map<String, Object> report) {
        assertEquals(1L, report.get("format"));
        for (String key : List.of("generatedAt", "pid", "thresholdMillis", "kernelStates", "tracked", "states",
                "namespaceStates", "counters", "internalErrors", "sockets", "leaks", "reclaimed")) {
            assertTrue(report.containsKey(key), "top-level field " + key);
        }
        for (Map<String, Object> s : (List<Map<String, Object>>) report.get("sockets")) {
            assertTrue(STATES.contains((String) s.get("state")), "state " + s);
            assertTrue(s.get("leak") instanceof Boolean, "leak " + s);
            assertAddress(s.get("local"), s);
            assertAddress(s.get("remote"), s);
            assertFrames((List<String>) s.get("allocation"));
            for (Map<String, Object> t : (List<Map<String, Object>>) s.get("threads")) {
                assertNotNull(t.get("name"), t.toString());
                assertNotNull(t.get("state"), t.toString());
                assertFrames((List<String>) t.get("stack"));
            }
        }
        for (Map<String, Object> g : (List<Map<String, Object>>) report.get("leaks")) {
            assertTrue((Long) g.get("count") >= 1, g.toString());
            assertNotNull(g.get("site"));
            assertFrames((List<String>) g.get("allocation"));
        }
    }

    private static void assertAddress(Object address, Map<String, Object> socket) {
        if (address != null) {
            assertTrue(ADDRESS.matcher((String) address).matches(), "address " + address + " in " + socket);
            assertTrue(!((String) address).contains("::ffff:"), "v4-mapped shown as plain IPv4: " + address);
        }
    }

    private static void assertFrames(List<String> frames) {
        for (String f : frames) {
            assertTrue(FRAME.matcher(f).matches(), "frame " + f);
        }
    }
}
