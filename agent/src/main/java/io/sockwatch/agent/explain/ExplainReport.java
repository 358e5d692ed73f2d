package io.sockwatch.agent.explain;

import io.sockwatch.agent.log.Printable;
import io.sockwatch.agent.report.JsonWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code explain}: every CLOSE_WAIT socket of the target with what holds it, as text grouped by the
 * shape of the path (same frame, same field chain) or as JSON (one object per socket). Immutable.
 */
public final class ExplainReport {
    /** Frames printed around the holding frame of a thread's stack. */
    private static final int FRAMES_ABOVE = 3;
    private static final int FRAMES_BELOW = 8;

    private final long pid;
    private final List<SocketExplanation> sockets;
    private final DumpFacts dump;

    public ExplainReport(long pid, List<SocketExplanation> sockets, DumpFacts dump) {
        this.pid = pid;
        this.sockets = List.copyOf(sockets);
        this.dump = dump;
    }

    public String text() {
        StringBuilder out = new StringBuilder();
        out.append("sockwatch explain ").append(pid).append(": ").append(count(sockets.size(), "CLOSE_WAIT socket"));
        if (dump != null) {
            out.append(", from a heap dump of ").append(megabytes(dump.bytes())).append(" MB (")
                    .append(dump.objects()).append(" objects; taken in ").append(seconds(dump.dumpMillis()))
                    .append(" s, analysed here in ").append(seconds(dump.analysisMillis())).append(" s)");
        }
        out.append('\n');
        for (Map.Entry<String, List<SocketExplanation>> group : groups().entrySet()) {
            List<SocketExplanation> members = group.getValue();
            SocketExplanation first = members.get(0);
            out.append('\n').append(Printable.text(headline(first, members.size()))).append('\n');
            for (SocketExplanation s : members) {
                out.append("  fd ").append(s.socket().fd()).append("  ").append(s.socket().row().local())
                        .append(" -> ").append(s.socket().row().remote()).append("  inode ").append(s.socket().inode());
                if (s.ownerClass() != null) {
                    out.append("  ").append(Printable.text(s.ownerClass()));
                }
                out.append('\n');
                Retention r = s.retention();
                if (r != null) {
                    out.append("    ").append(Printable.text(String.join(" → ", r.steps())));
                    if (r.thread() != null && r.thread().state() != null) {
                        out.append("  (thread ").append(Printable.text(r.thread().state())).append(')');
                    }
                    out.append('\n');
                    NettyChannel channel = r.channel();
                    if (channel != null) {
                        out.append("    Netty ").append(Printable.text(channel.channelClass()))
                                .append(Boolean.FALSE.equals(channel.autoRead()) ? ", autoRead off (nobody reads it)" : "")
                                .append(", handlers: ").append(Printable.text(String.join(", ", channel.handlers())))
                                .append('\n');
                    }
                }
            }
            HeldThread thread = first.retention() == null ? null : first.retention().thread();
            if (thread != null && !thread.stack().isEmpty()) {
                out.append("  stack of ").append(Printable.text(thread.label())).append(" (> holds it as a local):\n");
                int from = Math.max(0, thread.holdingFrame() - FRAMES_ABOVE);
                int to = Math.min(thread.stack().size(), thread.holdingFrame() + FRAMES_BELOW + 1);
                for (int i = from; i < to; i++) {
                    out.append(i == thread.holdingFrame() ? "  >   " : "      ").append(Printable.text(thread.stack().get(i)))
                            .append('\n');
                }
                if (to < thread.stack().size()) {
                    out.append("      ... ").append(thread.stack().size() - to).append(" more\n");
                }
            }
        }
        return out.toString();
    }

    private static String headline(SocketExplanation s, int count) {
        String sockets = count(count, "socket");
        switch (s.verdict()) {
            case HELD:
                Retention r = s.retention();
                if (r.thread() != null) {
                    return sockets + " held as a local by a thread at " + r.thread().frame() + ":";
                }
                return sockets + " held by " + r.shape() + ":";
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

    /** Sockets grouped by verdict and path shape, in first-seen order. */
    private Map<String, List<SocketExplanation>> groups() {
        Map<String, List<SocketExplanation>> groups = new LinkedHashMap<>();
        for (SocketExplanation s : sockets) {
            String key = s.verdict() + (s.retention() == null ? "" : s.retention().shape());
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
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
        w.name("sockets").beginArray();
        for (SocketExplanation s : sockets) {
            w.beginObject()
                    .name("fd").value(s.socket().fd())
                    .name("inode").value(s.socket().inode())
                    .name("local").value(s.socket().row().local())
                    .name("remote").value(s.socket().row().remote())
                    .name("state").value(s.socket().row().state().name())
                    .name("verdict").value(s.verdict().name())
                    .name("object").value(s.ownerClass());
            Retention r = s.retention();
            if (r != null) {
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
                            .name("frame").value(t.holdingFrame())
                            .name("stack").beginArray();
                    t.stack().forEach(f -> w.value(f.toString()));
                    w.endArray().endObject();
                }
            } else {
                w.name("retention").beginArray().endArray();
            }
            w.endObject();
        }
        return w.endArray().endObject().toString() + "\n";
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
