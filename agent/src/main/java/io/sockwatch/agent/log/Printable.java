package io.sockwatch.agent.log;

/**
 * The text form of a name the host controls (thread, host, class, method and file names, paths, messages) for a
 * terminal or a log: characters that would move the cursor, end the line, recolour or repaint the screen, or
 * reorder what follows become visible escapes ({@code \n}, {@code \e}, {@code \u202e}), so that a thread named
 * {@code "x\nLEAK 1/1: ..."} cannot forge a line of sockwatch's own. Everything else, backslashes and non-ASCII
 * included, is shown as it is. Applied where text is rendered (text report, log lines, explain, CLI messages;
 * the HTML report's text too); the JSON writer escapes the same characters as JSON escapes.
 */
public final class Printable {

    private Printable() {
    }

    public static String text(Object value) {
        String s = String.valueOf(value);
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!escaped(c)) {
                out.append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c == 0x1b) {
                out.append("\\e");
            } else {
                String hex = Integer.toHexString(c);
                out.append("\\u0000", 0, 6 - hex.length()).append(hex);
            }
        }
        return out.toString();
    }

    /** Multi-line text another process sent (a report): each line as {@link #text}, the line ends kept. */
    public static String lines(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        for (int end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', from)) {
            out.append(text(text.substring(from, end))).append('\n');
            from = end + 1;
        }
        return out.append(text(text.substring(from))).toString();
    }

    /**
     * C0 controls and DEL, C1 controls (U+0085 is a line end, U+009B a one-byte CSI), the Unicode line and
     * paragraph separators, and the bidirectional marks, embeddings, overrides and isolates.
     */
    public static boolean escaped(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029 || c == 0x061c
                || c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
    }
}
