package io.sockwatch.agent.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PrintableTest {

    @Test
    void whatATerminalWouldActOnBecomesVisible() {
        assertEquals("\\e[2J\\e[31mevil", Printable.text("\u001b[2J\u001b[31mevil"));
        assertEquals("x\\nLEAK 1/1: forged\\r\\t", Printable.text("x\nLEAK 1/1: forged\r\t"));
        assertEquals("\\u0000\\u0007\\u007f\\u0085\\u009b", Printable.text("\u0000\u0007\u007f\u0085\u009b"));
        assertEquals("\\u2028\\u2029\\u202e\\u2066\\u2069\\u200f\\u061c", Printable.text("\u2028\u2029\u202e\u2066\u2069\u200f\u061c"));
    }

    @Test
    void everythingElseIsShownAsItIs() {
        String plain = "worker-1 \"q\" \\n C:\\x \u00e9\u4e2d \ud83d\ude00 \u00a0 \u200b a.B$c.d(B.java:12)";
        assertEquals(plain, Printable.text(plain));
        assertEquals("null", Printable.text(null));
    }

    /** A report another process sent keeps its lines, but none of them can repaint the terminal. */
    @Test
    void linesKeepTheirEndsAndLoseTheirEscapes() {
        assertEquals("=== report\n  thread \\e[2Jx\n", Printable.lines("=== report\n  thread \u001b[2Jx\n"));
    }
}
