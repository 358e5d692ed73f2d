package io.sockwatch.agent.report;

import io.sockwatch.agent.kernel.TcpState;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The JSON form of a {@link LeakReport}; the format is documented in docs/report-format.md. */
public final class JsonReport {
    public static final int FORMAT_VERSION = 1;

    private JsonReport() {
    }

    public static String render(LeakReport r) {
        JsonWriter w = new JsonWriter().beginObject();
        w.name("format").value(FORMAT_VERSION);
        w.name("generatedAt").value(Instant.ofEpochMilli(r.generatedAtMillis).toString());
        w.name("pid").value(r.pid);
        w.name("thresholdMillis").value(r.thresholdMillis);
        w.name("kernelStates").value(r.kernelProblem == null);
        w.name("kernelProblem").value(r.kernelProblem);
        w.name("tracked").value(r.trackedCount());
        w.name("states");
        states(w, r.states);
        w.name("namespaceStates");
        states(w, r.namespaceStates);
        w.name("counters").beginObject();
        for (Map.Entry<String, Map<String, Long>> c : r.counters.entrySet()) {
            w.name(c.getKey()).beginObject();
            for (Map.Entry<String, Long> k : c.getValue().entrySet()) {
                w.name(k.getKey()).value(k.getValue());
            }
            w.endObject();
        }
        w.endObject();
        w.name("internalErrors").beginObject().name("count").value(r.internalErrors)
                .name("last").value(r.lastInternalError).endObject();
        w.name("sockets").beginArray();
        for (SocketSnapshot s : r.sockets) {
            socket(w, s);
        }
        w.endArray();
        w.name("leaks").beginArray();
        for (LeakGroup g : r.leaks) {
            SocketSnapshot oldest = g.oldest();
            w.beginObject();
            w.name("site").value(g.site);
            w.name("count").value(g.sockets.size());
            w.name("oldestMillisInCloseWait").value(r.generatedAtMillis - oldest.stateSinceMillis);
            w.name("peers").beginArray();
            for (String peer : g.peers()) {
                w.value(peer);
            }
            w.endArray();
            w.name("openedBy").value(oldest.openedBy);
            w.name("allocation");
            frames(w, oldest.allocation);
            w.name("threads");
            threads(w, g.threads());
            w.name("fds").beginArray();
            for (SocketSnapshot s : g.sockets) {
                w.value(s.fd);
            }
            w.endArray();
            w.endObject();
        }
        w.endArray();
        w.name("reclaimed").beginArray();
        for (ReclaimedGroup g : r.reclaimed) {
            w.beginObject();
            w.name("site").value(g.site);
            w.name("kind").value(g.kind);
            w.name("count").value(g.count);
            w.name("openedBy").value(g.openedBy);
            w.name("lastPeer").value(g.lastPeer);
            w.name("lastReclaimedAt").value(Instant.ofEpochMilli(g.lastReclaimedMillis).toString());
            w.name("allocation");
            frames(w, g.allocation);
            w.endObject();
        }
        w.endArray();
        return w.endObject().toString();
    }

    private static void states(JsonWriter w, Map<TcpState, Integer> states) {
        w.beginObject();
        for (Map.Entry<TcpState, Integer> e : states.entrySet()) {
            w.name(e.getKey().name()).value(e.getValue());
        }
        w.endObject();
    }

    private static void socket(JsonWriter w, SocketSnapshot s) {
        w.beginObject();
        w.name("kind").value(s.kind);
        w.name("tracked").value(s.tracked);
        w.name("fd").value(s.fd);
        w.name("inode").value(s.inode);
        w.name("state").value(s.state.name());
        w.name("local").value(s.local);
        w.name("remote").value(s.remote);
        w.name("rxQueue").value(s.rxQueue);
        w.name("txQueue").value(s.txQueue);
        w.name("openedAt").value(s.openedAtMillis == 0 ? null : Instant.ofEpochMilli(s.openedAtMillis).toString());
        w.name("stateSince").value(Instant.ofEpochMilli(s.stateSinceMillis).toString());
        w.name("leak").value(s.leak);
        w.name("site").value(s.site);
        w.name("openedBy").value(s.openedBy);
        w.name("allocation");
        frames(w, s.allocation);
        w.name("threads");
        threads(w, s.threads);
        w.endObject();
    }

    private static void threads(JsonWriter w, List<ThreadSnapshot> threads) {
        w.beginArray();
        for (ThreadSnapshot t : threads) {
            w.beginObject();
            w.name("name").value(t.name);
            w.name("state").value(t.state);
            w.name("lastIoAt").value(Instant.ofEpochMilli(t.lastIoMillis).toString());
            w.name("stack");
            frames(w, t.stack);
            w.endObject();
        }
        w.endArray();
    }

    private static void frames(JsonWriter w, List<StackTraceElement> frames) {
        w.beginArray();
        for (StackTraceElement f : frames) {
            w.value(Frames.format(f));
        }
        w.endArray();
    }
}
