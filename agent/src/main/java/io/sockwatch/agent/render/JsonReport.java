package io.sockwatch.agent.render;

import io.sockwatch.agent.kernel.TcpState;
import io.sockwatch.agent.report.Deadlock;
import io.sockwatch.agent.report.EventLoop;
import io.sockwatch.agent.report.FdHeadroom;
import io.sockwatch.agent.report.Frames;
import io.sockwatch.agent.report.IdleInPool;
import io.sockwatch.agent.report.LastIo;
import io.sockwatch.agent.report.LeakGroup;
import io.sockwatch.agent.report.LeakReport;
import io.sockwatch.agent.report.LeaseWaiter;
import io.sockwatch.agent.report.LeasedConnection;
import io.sockwatch.agent.report.LeasedPools;
import io.sockwatch.agent.report.PortUse;
import io.sockwatch.agent.report.ReclaimedGroup;
import io.sockwatch.agent.report.SocketSnapshot;
import io.sockwatch.agent.report.ThreadSnapshot;
import io.sockwatch.agent.report.TimeWaitGroup;
import io.sockwatch.agent.report.UnattributedGroup;
import io.sockwatch.agent.report.WaitingForWorkers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of a {@link LeakReport}; the format is documented in docs/report-format.md. Stacks and threads
 * are written once each, in top-level tables, and referenced by id: per socket only a few numbers and strings.
 */
public final class JsonReport {
    public static final int FORMAT_VERSION = 2;

    private JsonReport() {
    }

    public static String render(LeakReport r) {
        JsonWriter w = new JsonWriter().beginObject();
        w.name("format").value(FORMAT_VERSION);
        w.name("generatedAt").value(UtcTime.of(r.generatedAtMillis));
        w.name("pid").value(r.pid);
        w.name("thresholdMillis").value(r.thresholdMillis);
        w.name("atExit").value(r.atExit);
        w.name("kernelStates").value(r.kernelProblem == null);
        w.name("kernelProblem").value(r.kernelProblem);
        w.name("kernelReader").value(r.kernelReader);
        w.name("tracked").value(r.trackedCount());
        w.name("states");
        states(w, r.states);
        w.name("namespaceStates");
        states(w, r.namespaceStates);
        w.name("unattributedStates");
        states(w, r.unattributedStates());
        w.name("counters").beginObject();
        for (Map.Entry<String, Map<String, Long>> c : r.counters.entrySet()) {
            w.name(c.getKey()).beginObject();
            for (Map.Entry<String, Long> k : c.getValue().entrySet()) {
                w.name(k.getKey()).value(k.getValue());
            }
            w.endObject();
        }
        w.endObject();
        FdHeadroom fds = r.fds;
        w.name("fds").beginObject().name("open").value(fds.open).name("limit").value(fds.limit);
        w.name("growthPerMinute");
        perMinute(w, fds.growthPerMinute);
        w.name("exhaustionForecastSeconds");
        if (fds.exhaustionSeconds < 0) {
            w.nullValue();
        } else {
            w.value(fds.exhaustionSeconds);
        }
        w.name("problem").value(fds.problem).endObject();
        w.name("ports").beginObject();
        w.name("ephemeralRange").value(r.ephemeralPorts);
        w.name("warningShare").value(PortUse.WARNING_SHARE);
        w.name("destinations").beginArray();
        for (PortUse p : r.ports) {
            w.beginObject().name("remote").value(p.remote).name("inUse").value(p.inUse()).name("open").value(p.open)
                    .name("closing").value(p.closing).name("share").value(Math.round(p.share() * 1000) / 1000.0).name("warning").value(p.warning());
            w.name("sites").beginArray();
            p.sites.forEach((site, n) -> w.beginObject().name("site").value(site).name("count").value(n).endObject());
            w.endArray().endObject();
        }
        w.endArray().endObject();
        w.name("internalErrors").beginObject().name("count").value(r.internalErrors)
                .name("last").value(r.lastInternalError).endObject();
        Stacks stacks = new Stacks();
        w.name("sockets").beginArray();
        for (SocketSnapshot s : r.sockets) {
            socket(w, s, stacks);
        }
        w.endArray();
        unattributed(w, r);
        w.name("leaks").beginArray();
        for (LeakGroup g : r.leaks) {
            SocketSnapshot oldest = g.oldest();
            w.beginObject();
            w.name("site").value(g.site);
            if (g.stalled) {
                w.name("stalled").value(true);
            }
            EventLoop loop = g.oldest().eventLoop;
            if (loop != null && loop.handler() != null) {
                w.name("handler").value(loop.handler());
            }
            w.name("count").value(g.sockets.size());
            w.name("oldestMillisInCloseWait").value(r.generatedAtMillis - oldest.stateSinceMillis);
            w.name("growthPerMinute");
            perMinute(w, r.closeWaitGrowth.getOrDefault(g.site, Double.NaN));
            members(w, g, stacks);
            w.name("threads").beginArray();
            for (LastIo io : g.lastIo()) {
                w.value(io.thread.id);
            }
            w.endArray();
            fds(w, g);
            if (g.waitingForWorkers != null) {
                WaitingForWorkersBlocks.json(w, g.waitingForWorkers);
            }
            w.endObject();
        }
        w.endArray();
        w.name("reclaimed").beginArray();
        for (ReclaimedGroup g : r.reclaimed) {
            w.beginObject();
            w.name("site").value(g.site);
            w.name("kind").value(g.kind);
            w.name("count").value(g.count);
            w.name("stack").value(stacks.id(g.allocation, g.site));
            w.name("openedBy").value(g.openedBy.id);
            w.name("lastPeer").value(g.lastPeer);
            w.name("lastReclaimedAt").value(UtcTime.of(g.lastReclaimedMillis));
            w.endObject();
        }
        w.endArray();
        w.name("timeWait").beginArray();
        for (TimeWaitGroup g : r.timeWait) {
            w.beginObject();
            w.name("site").value(g.site);
            w.name("count").value(g.timeWait);
            w.name("finWait2").value(g.finWait2);
            w.name("closing").value(g.closing);
            w.name("stack").value(stacks.id(g.closeStack, g.site));
            w.name("remotes").beginArray();
            g.remotes.forEach((remote, n) -> w.beginObject().name("remote").value(remote).name("count").value(n)
                    .endObject());
            w.endArray();
            w.name("openedAt").beginArray();
            for (TimeWaitGroup.SiteCount c : g.openedAt) {
                w.beginObject().name("site").value(c.site).name("stack").value(stacks.id(c.stack, c.site))
                        .name("count").value(c.count).endObject();
            }
            w.endArray();
            w.endObject();
        }
        w.endArray();
        w.name("closesNotLogged").value(r.closesNotLogged);
        w.name("halfClosed").beginArray();
        for (LeakGroup g : r.halfClosed) {
            SocketSnapshot oldest = g.oldest();
            w.beginObject();
            w.name("site").value(g.site);
            w.name("count").value(g.sockets.size());
            w.name("oldestMillisInFinWait2").value(r.generatedAtMillis - oldest.stateSinceMillis);
            members(w, g, stacks);
            fds(w, g);
            w.endObject();
        }
        w.endArray();
        w.name("idleInPools").beginArray();
        for (LeakGroup g : r.idleInPools) {
            IdleInPool idle = g.oldest().idleInPool;
            w.beginObject();
            w.name("site").value(g.site);
            w.name("pool").value(idle.pool);
            w.name("count").value(g.sockets.size());
            w.name("idleSince").value(g.sockets.stream().mapToLong(m -> m.idleInPool.sinceMillis).min().orElse(0));
            w.name("eviction").value(idle.evictionHint());
            members(w, g, stacks);
            fds(w, g);
            w.endObject();
        }
        w.endArray();
        leased(w, r, stacks);
        w.name("threads").beginArray();
        for (ThreadSnapshot t : r.threads) {
            w.beginObject();
            w.name("id").value(t.id);
            w.name("name").value(t.name);
            w.name("virtual").value(t.virtual);
            w.name("state").value(t.state);
            w.name("stack");
            if (t.stack.isEmpty()) {
                w.nullValue();
            } else {
                w.value(stacks.id(t.stack, null));
            }
            w.endObject();
        }
        w.endArray();
        w.name("deadlocks").beginArray();
        for (Deadlock d : r.deadlocks) {
            deadlock(w, d);
        }
        w.endArray();
        w.name("stacks").beginArray();
        for (int id = 0; id < stacks.frames.size(); id++) {
            w.beginObject();
            w.name("id").value(id);
            w.name("site").value(stacks.sites.get(id));
            w.name("frames").beginArray();
            for (StackTraceElement f : stacks.frames.get(id)) {
                w.value(Frames.format(f));
            }
            w.endArray();
            w.endObject();
        }
        w.endArray();
        return w.endObject().toString();
    }

    /** The unattributed sockets of {@code sockets} as the text and HTML reports group them. */
    private static void unattributed(JsonWriter w, LeakReport r) {
        w.name("unattributed").beginArray();
        for (UnattributedGroup g : r.unattributedGroups) {
            w.beginObject();
            w.name("state").value(g.state.name());
            w.name("local").value(g.local);
            w.name("remote").value(g.remote);
            w.name("accepted").value(g.accepted);
            w.name("count").value(g.sockets.size());
            w.name("oldestMillisInState").value(g.oldestMillis(r.generatedAtMillis));
            w.name("youngestMillisInState").value(g.youngestMillis(r.generatedAtMillis));
            w.name("rxQueueMin").value(g.minRxQueue());
            w.name("rxQueueMax").value(g.maxRxQueue());
            w.name("fds").beginArray();
            for (SocketSnapshot s : g.sockets) {
                w.value(s.fd);
            }
            w.endArray();
            w.endObject();
        }
        w.endArray();
    }

    /** {@code {"cycle": [{"thread", "threadId", "lock", "monitor"}...]}}: each waits for a lock the next one holds. */
    public static void deadlock(JsonWriter w, Deadlock d) {
        w.beginObject().name("cycle").beginArray();
        for (Deadlock.Wait wait : d.cycle()) {
            w.beginObject().name("thread").value(wait.thread);
            if (wait.threadId >= 0) {
                w.name("threadId").value(wait.threadId);
            }
            w.name("lock").value(wait.lock).name("monitor").value(wait.monitor).endObject();
        }
        w.endArray().endObject();
    }

    /** Connections leased from pools: never returned (leaks, by borrow site), per-pool counts, threads waiting. */
    private static void leased(JsonWriter w, LeakReport r, Stacks stacks) {
        w.name("leased").beginObject();
        w.name("leaks").beginArray();
        for (LeakGroup g : r.leased.leaked) {
            LeasedConnection lease = g.oldest().lease;
            w.beginObject();
            w.name("site").value(g.site);
            w.name("pool").value(lease.pool);
            w.name("count").value(g.sockets.size());
            w.name("leasedSince").value(g.sockets.stream().mapToLong(s -> s.lease.sinceMillis).min().orElse(0));
            w.name("borrowStack").value(stacks.id(lease.borrow, g.site));
            w.name("borrowedBy").value(lease.borrower.id);
            w.name("peers").beginArray();
            for (String peer : g.peers()) {
                w.value(peer);
            }
            w.endArray();
            fds(w, g);
            w.endObject();
        }
        w.endArray();
        w.name("pools").beginArray();
        for (LeasedPools.PoolCount p : r.leased.pools) {
            w.beginObject().name("pool").value(p.pool).name("leased").value(p.leased).name("leaked").value(p.leaked)
                    .name("idle").value(p.idle).endObject();
        }
        w.endArray();
        w.name("waiting").beginArray();
        for (LeaseWaiter waiter : r.leased.waiting) {
            w.beginObject().name("thread").value(waiter.thread.name).name("threadId").value(waiter.thread.id)
                    .name("state").value(waiter.thread.state).name("waitingIn").value(waiter.waitingIn)
                    .name("site").value(waiter.site).endObject();
        }
        w.endArray();
        w.endObject();
    }

    /** A rate rounded to 0.1, or null while there are too few scans to tell. */
    private static void perMinute(JsonWriter w, double perMinute) {
        if (Double.isNaN(perMinute)) {
            w.nullValue();
        } else {
            w.value(Math.round(perMinute * 10) / 10.0);
        }
    }

    private static void states(JsonWriter w, Map<TcpState, Integer> states) {
        w.beginObject();
        for (Map.Entry<TcpState, Integer> e : states.entrySet()) {
            w.name(e.getKey().name()).value(e.getValue());
        }
        w.endObject();
    }

    /** What a group's sockets share: their peers, and the oldest one's allocation stack and opening thread. */
    private static void members(JsonWriter w, LeakGroup g, Stacks stacks) {
        SocketSnapshot oldest = g.oldest();
        w.name("peers").beginArray();
        for (String peer : g.peers()) {
            w.value(peer);
        }
        w.endArray();
        stacks(w, oldest, stacks);
        w.name("openedBy").value(oldest.openedBy.id);
    }

    /**
     * The socket's allocation stack and, when another thread used it for an application call, that call's stack: the
     * one that names the site. A stack's {@code site} is only ever the site of sockets it names.
     */
    private static void stacks(JsonWriter w, SocketSnapshot s, Stacks stacks) {
        boolean called = !s.caller.isEmpty();
        w.name("stack").value(stacks.id(s.allocation, called ? null : s.site));
        if (called) {
            w.name("caller").value(stacks.id(s.caller, s.site));
        }
    }

    private static void fds(JsonWriter w, LeakGroup g) {
        w.name("fds").beginArray();
        for (SocketSnapshot s : g.sockets) {
            w.value(s.fd);
        }
        w.endArray();
    }

    private static void eventLoop(JsonWriter w, EventLoop loop) {
        if (loop.handler() != null) {
            w.name("handler").value(loop.handler());
        }
        w.name("eventLoop").beginObject().name("interest").value(loop.interest()).name("attachment")
                .value(loop.attachment());
        if (loop.autoRead() != null) {
            w.name("autoRead").value(loop.autoRead());
        }
        w.name("handlers").beginArray();
        loop.handlers().forEach(w::value);
        w.endArray().endObject();
    }

    private static void socket(JsonWriter w, SocketSnapshot s, Stacks stacks) {
        w.beginObject();
        w.name("kind").value(s.kind);
        w.name("fd").value(s.fd);
        w.name("inode").value(s.inode);
        w.name("state").value(s.state.name());
        w.name("local").value(s.local);
        w.name("remote").value(s.remote);
        w.name("rxQueue").value(s.rxQueue);
        w.name("txQueue").value(s.txQueue);
        // Epoch milliseconds, not instants: written for every socket on every scan (20k sockets, 20k times).
        w.name("openedAt");
        if (s.openedAtMillis == 0) {
            w.nullValue();
        } else {
            w.value(s.openedAtMillis);
        }
        w.name("stateSince").value(s.stateSinceMillis);
        w.name("leak").value(s.leak);
        if (s.stalled) {
            w.name("stalled").value(true);
        }
        if (WaitingForWorkers.isWaiting(s)) {
            w.name("waitingForWorker").value(true);
        }
        if (s.idleInPool != null) {
            w.name("pool").value(s.idleInPool.pool).name("idleSince").value(s.idleInPool.sinceMillis);
        }
        if (s.lease != null) {
            w.name("lease").beginObject().name("pool").value(s.lease.pool).name("since").value(s.lease.sinceMillis)
                    .name("site").value(s.lease.site).name("borrowedBy").value(s.lease.borrower.id).endObject();
        }
        if (s.eventLoop != null) {
            eventLoop(w, s.eventLoop);
        }
        if (s.tracked) {
            stacks(w, s, stacks);
        } else {
            w.name("stack").nullValue();
        }
        w.name("openedBy");
        if (s.openedBy != null) {
            w.value(s.openedBy.id);
        } else {
            w.nullValue();
        }
        w.name("lastIo");
        if (s.lastIo != null) {
            // movedOn only when true, for the same reason
            w.beginObject().name("thread").value(s.lastIo.thread.id).name("at").value(s.lastIo.atMillis);
            if (s.lastIo.movedOn) {
                w.name("movedOn").value(true);
            }
            w.endObject();
        } else {
            w.nullValue();
        }
        w.endObject();
    }

    /**
     * Numbers each distinct stack once per report, in first-use order. Sockets opened at one place share one
     * interned frame list, so identity finds almost every stack without hashing its frames.
     */
    private static final class Stacks {
        private final Map<List<StackTraceElement>, Integer> byIdentity = new IdentityHashMap<>();
        private final Map<List<StackTraceElement>, Integer> byFrames = new HashMap<>();
        final List<List<StackTraceElement>> frames = new ArrayList<>();
        /** The site of the sockets opened with each stack; null for a stack only threads have. */
        final List<String> sites = new ArrayList<>();

        int id(List<StackTraceElement> stack, String site) {
            Integer id = byIdentity.get(stack);
            if (id == null) {
                id = byFrames.get(stack);
                if (id == null) {
                    id = frames.size();
                    frames.add(stack);
                    sites.add(site);
                    byFrames.put(stack, id);
                }
                byIdentity.put(stack, id);
            }
            if (sites.get(id) == null) {
                sites.set(id, site);
            }
            return id;
        }
    }
}
