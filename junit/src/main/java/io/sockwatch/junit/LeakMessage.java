package io.sockwatch.junit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The failure message: each leaked socket with its allocation stack, the line to fix marked as the report marks it. */
final class LeakMessage {
    /** Frames shown after the marked one, at most. */
    private static final int FRAMES_AFTER_MARK = 3;
    /** Where a test framework calls the test: what lies below says nothing about the leak. */
    private static final String[] INVOKERS = {"jdk.internal.reflect.", "java.lang.reflect.", "sun.reflect."};
    private static final String NO_APPLICATION_FRAME = " (no application frame)";

    private LeakMessage() {
    }

    /**
     * The failure of a test or class. Its stack trace is the allocation stack of the first socket listed, from the
     * marked line on, so that an IDE links the failure to the line that opened it.
     *
     * @param what "this test" or the class, as the header names it
     * @param owner frames of this top-level test class (or classes nested in it) are the line to fix; else the
     *              agent's site
     */
    static AssertionError failure(Findings found, String what, long graceMillis, String owner) {
        StringBuilder out = new StringBuilder();
        List<String> firstStack = null;
        if (!found.open.isEmpty()) {
            out.append("sockwatch: ").append(found.open.size()).append(" socket(s) opened during ").append(what)
                    .append(" still open ").append(seconds(graceMillis)).append(" after it ended:\n");
            List<OpenSocket> sockets = new ArrayList<>(found.open);
            // the test's own sockets first: their line is the one to fix, a server's end follows from it
            sockets.sort(Comparator.comparing(s -> s.frames.stream().noneMatch(f -> Frames.isIn(f, owner))));
            for (OpenSocket s : sockets) {
                out.append("  ").append(Printable.text(s.kind)).append(' ')
                        .append(s.local == null ? "(not bound)" : Printable.text(s.local));
                if (s.remote != null && !"LISTEN".equals(s.state)) {
                    out.append(" -> ").append(Printable.text(s.remote));
                }
                out.append(", ").append(Printable.text(s.state)).append(explain(s.state)).append(", opened by ")
                        .append(Printable.text(s.opener)).append(":\n");
                frames(out, s.frames, s.site, owner);
            }
            firstStack = marked(sockets.get(0).frames, sockets.get(0).site, owner);
        }
        for (Map.Entry<ReclaimedStack, Long> e : found.reclaimed.entrySet()) {
            ReclaimedStack r = e.getKey();
            out.append("sockwatch: ").append(e.getValue()).append(' ').append(Printable.text(r.kind))
                    .append("(s) opened during ").append(what).append(" reclaimed by the GC without close(), opened by ")
                    .append(Printable.text(r.opener)).append(":\n");
            frames(out, r.frames, r.site, owner);
            if (firstStack == null) {
                firstStack = marked(r.frames, r.site, owner);
            }
        }
        out.append("Close them in the test or its @AfterEach/@AfterAll; a socket kept open on purpose is allowed by "
                + "its site: @SocketLeakCheck(allow = \"<site prefix>\")");
        AssertionError failure = new AssertionError(out.toString());
        failure.setStackTrace(firstStack.stream().map(f -> Frames.element(Printable.text(f)))
                .toArray(StackTraceElement[]::new));
        return failure;
    }

    private static String explain(String state) {
        if ("CLOSE_WAIT".equals(state)) {
            return " (the peer closed; this side never did)";
        }
        return "";
    }

    private static void frames(StringBuilder out, List<String> frames, String site, String owner) {
        if (frames.isEmpty()) {
            out.append("      ").append(Printable.text(site)).append('\n');
            return;
        }
        int mark = mark(frames, site, owner);
        int from = Math.max(0, mark - 1);
        if (from > 0) {
            out.append("      ... ").append(from).append(" JDK/library frame(s)\n");
        }
        int to = Math.max(mark, 0) + 1;
        while (to < frames.size() && to <= mark + FRAMES_AFTER_MARK && !isInvoker(frames.get(to))) {
            to++;
        }
        for (int i = from; i < to; i++) {
            out.append(i == mark ? "  --> at " : "      at ").append(Printable.text(frames.get(i))).append('\n');
        }
        if (to < frames.size()) {
            out.append("      ... ").append(frames.size() - to).append(" more\n");
        }
    }

    /** The frames from the line to fix on (all of them when there is none). */
    private static List<String> marked(List<String> frames, String site, String owner) {
        return frames.subList(Math.max(0, mark(frames, site, owner)), frames.size());
    }

    /** The first frame of the test class, else the agent's site; -1 when neither is in the stack. */
    private static int mark(List<String> frames, String site, String owner) {
        for (int i = 0; i < frames.size(); i++) {
            if (Frames.isIn(frames.get(i), owner)) {
                return i;
            }
        }
        String siteFrame = site.endsWith(NO_APPLICATION_FRAME)
                ? site.substring(0, site.length() - NO_APPLICATION_FRAME.length()) : site;
        return frames.indexOf(siteFrame);
    }

    private static boolean isInvoker(String frame) {
        for (String prefix : INVOKERS) {
            if (frame.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }
}
