package io.sockwatch.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LeakMessageTest {
    private static final String FORGED = "sockwatch: 99 socket(s) opened during this test still open";

    /** The attack: a thread name and a class's source file that end the line and forge one of the extension's own. */
    @Test
    void namesFromTheReportCannotRepaintTheConsoleOrForgeALine() {
        String frame = "com.example.LeakTest.leaks(\u001b[2JLeakTest.java\n" + FORGED + ":12)";
        OpenSocket socket = new OpenSocket("SOCKET", 7, "CLOSE_WAIT", "127.0.0.1:40000", "evil\u001b[31m:80", 1, 5,
                "thread \"x\n" + FORGED + "\" #5", List.of("java.net.Socket.<init>(Socket.java:1)", frame), frame);
        ReclaimedStack reclaimed = new ReclaimedStack("SOCKET", 1, "thread \"\u202eevil\" #6", List.of(), frame);
        AssertionError failure = LeakMessage.failure(new Findings(List.of(socket), Map.of(reclaimed, 1L), List.of(),
                null), "this test", 500, "com.example.LeakTest");
        String message = failure.getMessage();
        assertFalse(message.chars().anyMatch(c -> c < 0x20 && c != '\n' || c == 0x202e), message);
        assertEquals(2, message.lines().filter(l -> l.startsWith("sockwatch:")).count(), message);
        String escaped = "com.example.LeakTest.leaks(\\e[2JLeakTest.java\\n" + FORGED + ":12)";
        assertEquals(List.of("  --> at " + escaped), message.lines().filter(l -> l.contains("-->")).collect(Collectors.toList()));
        assertEquals("  SOCKET 127.0.0.1:40000 -> evil\\e[31m:80, CLOSE_WAIT (the peer closed; this side never did), "
                + "opened by thread \"x\\n" + FORGED + "\" #5:", message.lines().skip(1).findFirst().orElseThrow());
        assertFalse(failure.getStackTrace()[0].toString().contains("\n"), "the stack trace an IDE prints is one line per frame");
    }

    /** The agent's rule (its PrintableTest has the same cases): the extension does not ship the agent's classes. */
    @Test
    void theAgentsRuleForWhatATerminalWouldActOn() {
        assertEquals("\\e[2J x\\n \\r\\t \\u0000\\u007f\\u0085\\u009b \\u2028\\u2029\\u202e\\u2066\\u2069\\u200f\\u061c",
                Printable.text("\u001b[2J x\n \r\t \u0000\u007f\u0085\u009b \u2028\u2029\u202e\u2066\u2069\u200f\u061c"));
        String plain = "worker-1 \"q\" \\n C:\\x \u00e9\u4e2d \ud83d\ude00 \u00a0 \u200b a.B$c.d(B.java:12)";
        assertEquals(plain, Printable.text(plain));
    }
}
