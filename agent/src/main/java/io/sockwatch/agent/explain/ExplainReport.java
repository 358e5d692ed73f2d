package io.sockwatch.agent.explain;

import io.sockwatch.agent.kernel.TcpRow;
import io.sockwatch.agent.log.Printable;
import io.sockwatch.agent.report.Deadlock;
import io.sockwatch.agent.report.FrameFilter;
import io.sockwatch.agent.render.JsonReport;
import io.sockwatch.agent.render.JsonWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code explain}: every CLOSE_WAIT socket and stalled reader of the target with what holds it, as text
 * grouped by the shape of the path (same frame, same field chain) or as JSON (one object per socket). A thread's
 * stack is judged by the same {@link FrameFilter} as {@code report}'s: the line named is the application's, not the
 * JDK's or a library's. Immutable.
 */
public final class ExplainReport {
    /** Frames printed below the deepest frame of interest (the holding frame or the application's). */
    private static final int FRAMES_BELOW = 2;

    private final long pid;
    private final List<SocketExplanation> sockets;
    private final DumpFacts dump;
    private final FrameFilter filter;
    private final List<Deadlock> deadlocks;

    public ExplainReport(long pid, List<SocketExplanation> sockets, DumpFacts dump, FrameFilter filter,
                         List<Deadlock> deadlocks) {
        this.pid = pid;
        this.sockets = List.copyOf(sockets);
        this.dump = dump;
        this.filter = filter;
        this.deadlocks = List.copyOf(deadlocks);
    }

    public String text() {
        StringBuilder out = new StringBuilder();
        long stalled = sockets.stream().filter(s -> s.socket().isStalledReader()).count();
        out.append("sockwatch explain ").append(pid).append(": ")
                .append(count(sockets.size() - (int) stalled, "CLOSE_WAIT socket"));
        if (stalled > 0) {
            out.append(" and ").append(count((int) stalled, "stalled reader")).append(" (ESTABLISHED, unread data "
                    + "nobody read for ").append(SuspectSocket.STALL_PROBE_MILLIS / 1000).append(" s)");
        }
        if (dump != null) {
            out.append(", from a heap dump of ").append(megabytes(dump.bytes())).append(" MB (")
                    .append(dump.objects()).append(" objects; taken in ").append(seconds(dump.dumpMillis()))
                    .append(" s, analysed here in ").append(seconds(dump.analysisMillis())).append(" s)");
        }
        out.append('\n');
        for (Deadlock d : deadlocks) {
            out.append('\n').append(d.textBlock());
        }
        for (Map.Entry<String, List<SocketExplanation>> group : groups().entrySet()) {
            List<SocketExplanation> members = group.getValue();
            SocketExplanation first = members.get(0);
            out.append('\n').append(Printable.text(headline(first, members.size()))).append('\n');
            for (SocketExplanation s : members) {
                TcpRow row = s.socket().row();
                out.append("  fd ").append(s.socket().fd()).append("  ").append(row.local())
                        .append(" -> ").append(row.remote()).append("  inode ").append(s.socket().inode());
                if (s.socket().isStalledReader()) {
                    out.append("  ").append(row.rxQueue()).append(" bytes unread");
                }
                if (s.ownerClass() != null) {
                    out.append("  ").append(Printable.text(s.ownerClass()));
                }
                out.append('\n');
                Retention r = s.retention();
                if (r != null) {
                    out.append("    ").append(path(r)).append('\n');
                    NettyChannel channel = r.channel();
                    if (channel != null) {
                        out.append("    Netty ").append(Printable.text(channel.channelClass()))
                                .append(Boolean.FALSE.equals(channel.autoRead()) ? ", autoRead off (nobody reads it)" : "")
                                .append(", handlers: ").append(Printable.text(String.join(", ", channel.handlers())))
                                .append('\n');
                    }
                }
                if (s.alsoHeldBy() != null) {
                    out.append("    and ").append(path(s.alsoHeldBy())).append('\n');
                }
            }
            stack(out, first.retention() == null ? null : first.retention().thread());
            stack(out, first.alsoHeldBy() == null ? null : first.alsoHeldBy().thread());
        }
        return out.toString();
    }

    private static String path(Retention r) {
        String path = Printable.text(String.join(" → ", r.steps()));
        return r.thread() != null && r.thread().state() != null
                ? path + "  (thread " + Printable.text(r.thread().state()) + ')' : path;
    }

    /** The thread's stack from its innermost frame down to the application's frame and the holding frame. */
    private void stack(StringBuilder out, HeldThread thread) {
        if (thread == null || thread.stack().isEmpty()) {
            return;
        }
        int app = applicationFrame(thread);
        out.append("  stack of ").append(Printable.text(thread.label())).append(" (")
                .append(app >= 0 ? "* the application's line, " : "").append("> holds it as a local):\n");
        int to = Math.min(thread.stack().size(), Math.max(app, thread.holdingFrame()) + FRAMES_BELOW + 1);
        for (int i = 0; i < to; i++) {
            out.append("  ").append(i == app ? '*' : ' ').append(i == thread.holdingFrame() ? '>' : ' ')
                    .append("  ").append(Printable.text(thread.stack().get(i).toString())).append('\n');
        }
        if (to < thread.stack().size()) {
            out.append("      ... ").append(thread.stack().size() - to).append(" more\n");
        }
    }

    /** Index of the thread's innermost application frame; -1 when all its frames are the JDK's or libraries'. */
    private int applicationFrame(HeldThread thread) {
        List<StackTraceElement> frames = new ArrayList<>();
        thread.stack().forEach(f -> frames.add(f.element()));
        return filter.firstApplicationFrame(frames);
    }

    private boolean isDeadlocked(HeldThread thread) {
        return deadlocks.stream().anyMatch(d -> d.involves(thread.id(), thread.name()));
    }

    private String headline(SocketExplanation s, int count) {
        String sockets = s.socket().isStalledReader() ? count(count, "stalled reader") : count(count, "socket");
        switch (s.verdict()) {
            case HELD:
                Retention r = s.retention();
                HeldThread thread = r.thread();
                if (thread != null) {
                    int app = thread.stack().isEmpty() ? -1 : applicationFrame(thread);
                    String by = isDeadlocked(thread) ? " by a DEADLOCKED thread at " : " by a thread at ";
                    if (app < 0 || app == thread.holdingFrame()) {
                        return sockets + " held as a local" + by + thread.frame() + also(s) + ":";
                    }
                    return sockets + " held as a local" + by + thread.stack().get(app) + " (the local is in "
                            + thread.frame() + ")" + also(s) + ":";
                }
                return sockets + " held by " + r.shape() + also(s) + ":";
            case UNREACHABLE:
                return sockets + " held by nothing: garbage the GC has not collected yet, and nobody called close():";
            case CLOSED_BY_DUMP_GC:
                return sockets + " closed by the dump's own full GC: garbage that nobody closed, until the GC let "
                        + "the JDK's cleaner close it:";
            default:
                return sockets + " owned by no Java socket object (made in native code, or a socket class sockwatch "
                        + "does not know):";
        }
    }

    /** ", and by static com.acme.Pool.KEPT → ..." when a second holder of the other kind holds it too. */
    private static String also(SocketExplanation s) {
        return s.alsoHeldBy() == null ? "" : ", and by " + s.alsoHeldBy().shape();
    }

    /** Sockets grouped by kind, verdict, path shapes and application frame, in first-seen order. */
    private Map<String, List<SocketExplanation>> groups() {
        Map<String, List<SocketExplanation>> groups = new LinkedHashMap<>();
        for (SocketExplanation s : sockets) {
            StringBuilder key = new StringBuilder().append(s.socket().isStalledReader()).append(s.verdict());
            Retention r = s.retention();
            if (r != null) {
                key.append(r.shape());
                if (r.thread() != null && !r.thread().stack().isEmpty()) {
                    int app = applicationFrame(r.thread());
                    key.append(" at ").append(app < 0 ? "" : r.thread().stack().get(app));
                }
            }
            if (s.alsoHeldBy() != null) {
                key.append(" and ").append(s.alsoHeldBy().shape());
            }
            groups.computeIfAbsent(key.toString(), k -> new ArrayList<>()).add(s);
        }
        return groups;
    }

    public String json() {
        JsonWriter w = new JsonWriter().beginObject();
        w.name("pid").value(pid);
        if (dump != null) {
            w.name("dump").beginObject()
                    .name("bytes").value(dump.bytes())
                    .name("objects").value(dump.objects())
                    .name("dumpMillis").value(dump.dumpMillis())
                    .name("analysisMillis").value(dump.analysisMillis())
                    .endObject();
        }
        w.name("deadlocks").beginArray();
        deadlocks.forEach(d -> JsonReport.deadlock(w, d));
        w.endArray();
        w.name("sockets").beginArray();
        for (SocketExplanation s : sockets) {
            w.beginObject()
                    .name("fd").value(s.socket().fd())
                    .name("inode").value(s.socket().inode())
                    .name("local").value(s.socket().row().local())
                    .name("remote").value(s.socket().row().remote())
                    .name("state").value(s.socket().row().state().name())
                    .name("rxQueue").value(s.socket().row().rxQueue())
                    .name("stalled").value(s.socket().isStalledReader())
                    .name("verdict").value(s.verdict().name())
                    .name("object").value(s.ownerClass());
            Retention r = s.retention();
            if (r != null) {
                retention(w, r);
                if (s.alsoHeldBy() != null) {
                    w.name("alsoHeldBy").beginObject();
                    retention(w, s.alsoHeldBy());
                    w.endObject();
                }
            } else {
                w.name("retention").beginArray().endArray();
            }
            w.endObject();
        }
        return w.endArray().endObject().toString() + "\n";
    }

    /** {@code retention}, {@code channel} and {@code thread} of one path. */
    private void retention(JsonWriter w, Retention r) {
        w.name("retention").beginArray();
        r.steps().forEach(w::value);
        w.endArray();
        NettyChannel channel = r.channel();
        if (channel != null) {
            w.name("channel").beginObject()
                    .name("class").value(channel.channelClass());
            if (channel.autoRead() != null) {
                w.name("autoRead").value(channel.autoRead());
            }
            w.name("handlers").beginArray();
            channel.handlers().forEach(w::value);
            w.endArray().endObject();
        }
        if (r.thread() != null) {
            HeldThread t = r.thread();
            w.name("thread").beginObject()
                    .name("name").value(t.name())
                    .name("id").value(t.id())
                    .name("virtual").value(t.isVirtual())
                    .name("state").value(t.state())
                    .name("deadlocked").value(isDeadlocked(t))
                    .name("frame").value(t.holdingFrame())
                    .name("applicationFrame").value(t.stack().isEmpty() ? -1 : applicationFrame(t))
                    .name("stack").beginArray();
            t.stack().forEach(f -> w.value(f.toString()));
            w.endArray().endObject();
        }
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String megabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f", bytes / 1e6);
    }

    private static String seconds(long millis) {
        return String.format(java.util.Locale.ROOT, "%.2f", millis / 1e3);
    }

    /** What taking and reading the dump cost. Immutable. */
    public static final class DumpFacts {
        private final long bytes;
        private final int objects;
        private final long dumpMillis;
        private final long analysisMillis;

        public DumpFacts(long bytes, int objects, long dumpMillis, long analysisMillis) {
            this.bytes = bytes;
            this.objects = objects;
            this.dumpMillis = dumpMillis;
            this.analysisMillis = analysisMillis;
        }

        long bytes() {
            return bytes;
        }

        int objects() {
            return objects;
        }

        long dumpMillis() {
            return dumpMillis;
        }

        long analysisMillis() {
            return analysisMillis;
        }
    }
}
