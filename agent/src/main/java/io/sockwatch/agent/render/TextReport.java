package io.sockwatch.agent.render;

import io.sockwatch.agent.kernel.TcpState;
import io.sockwatch.agent.log.Printable;
import io.sockwatch.agent.report.Counts;
import io.sockwatch.agent.report.Deadlock;
import io.sockwatch.agent.report.EventLoop;
import io.sockwatch.agent.report.FdHeadroom;
import io.sockwatch.agent.report.FrameFilter;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The human-readable form of a {@link LeakReport}: leaks first, each leading with the line that opened it. */
public final class TextReport {
    /** Frames shown after the first application frame; the JSON report has them all. */
    private static final int FRAMES_SHOWN = 10;
    /** Remotes shown per close site, the busiest first; the JSON report has them all. */
    private static final int REMOTES_SHOWN = 5;
    /** Threads named on the line of those that moved on to other sockets; the JSON report has them all. */
    private static final int MOVED_ON_SHOWN = 3;

    private TextReport() {
    }

    public static String render(LeakReport r, FrameFilter filter) {
        StringBuilder out = new StringBuilder();
        out.append("=== sockwatch report, pid ").append(r.pid).append(", ")
                .append(UtcTime.of(r.generatedAtMillis)).append(" ===\n");
        boolean anyStalled = r.leaks.stream().anyMatch(g -> g.stalled);
        out.append(r.leakCount()).append(anyStalled ? " leaked socket(s) in CLOSE_WAIT or with unread data "
                : " leaked socket(s) in CLOSE_WAIT ")
                .append(r.atExit ? "at exit (any age: the JVM ends without closing them)" : "for >= " + seconds(r.thresholdMillis))
                .append(" at ").append(r.leaks.size()).append(" site(s); ").append(r.reclaimedCount())
                .append(" reclaimed by the GC without close(); ").append(r.trackedCount()).append(" open socket(s) tracked\n");
        unattributedTotal(out, r);
        out.append("states of tracked sockets: ").append(states(r.states)).append('\n');
        if (!r.namespaceStates.isEmpty()) {
            out.append("states in the network namespace (all processes): ").append(states(r.namespaceStates))
                    .append('\n');
        }
        out.append(fds(r.fds)).append('\n');
        for (PortUse p : r.ports) {
            if (p.warning()) {
                out.append("WARNING: ").append(ports(p)).append("; connect() to it will fail with BindException: ")
                        .append("Cannot assign requested address when they run out\n");
            }
        }
        if (!r.ports.isEmpty() && !r.ports.get(0).warning()) {
            out.append("ephemeral ports: busiest destination ").append(ports(r.ports.get(0))).append('\n');
        }
        if (r.kernelProblem != null) {
            out.append("kernel states unavailable: ").append(Printable.text(r.kernelProblem))
                    .append(" (open/close tracking and GC leaks still work)\n");
        }
        if (r.internalErrors > 0) {
            out.append("sockwatch internal errors: ").append(r.internalErrors).append(", last: ")
                    .append(Printable.text(r.lastInternalError)).append('\n');
        }
        deadlocks(out, r.deadlocks);
        int n = 0;
        for (LeakGroup g : r.leaks) {
            n++;
            SocketSnapshot oldest = g.oldest();
            out.append("\nLEAK ").append(n).append('/').append(r.leaks.size()).append(": ").append(g.sockets.size())
                    .append(g.stalled ? " socket(s) with unread data, nobody reading, opened at "
                            : " socket(s) in CLOSE_WAIT opened at ").append(Printable.text(g.site)).append('\n');
            if (g.waitingForWorkers != null) {
                WaitingForWorkersBlocks.text(out, g.waitingForWorkers);
            }
            out.append("  kind ").append(oldest.kind).append(", oldest ")
                    .append(seconds(r.generatedAtMillis - oldest.stateSinceMillis))
                    .append(g.stalled ? " in " + oldest.state : " in CLOSE_WAIT").append(", peer(s) ")
                    .append(Printable.text(String.join(", ", g.peers()))).append('\n');
            boolean notReading = oldest.eventLoop != null && !oldest.eventLoop.reads() && oldest.rxQueue > 0;
            out.append("  receive queue: ").append(g.stalled ? explainUnreadData(g.sockets)
                    : notReading ? oldest.rxQueue + " byte(s): the event loop stopped reading before the peer's FIN"
                    : explainReceiveQueue(g.sockets)).append('\n');
            if (oldest.eventLoop != null) {
                eventLoop(out, oldest.eventLoop);
            }
            double growth = r.closeWaitGrowth.getOrDefault(g.site, Double.NaN);
            if (!g.stalled && !Double.isNaN(growth)) {
                out.append("  new leaks at this site: ").append(perMinute(growth)).append(" over the last minute\n");
            }
            out.append("  opened by ").append(Printable.text(oldest.openedBy.describe())).append("; allocation stack:\n");
            frames(out, oldest.allocation, filter);
            if (!oldest.caller.isEmpty() && !repeats(oldest.caller, oldest.allocation, filter)) {
                out.append("  for the application's call (its work ran on another thread):\n");
                frames(out, oldest.caller, filter);
            }
            lastIo(out, g.lastIo(), r.generatedAtMillis, filter);
        }
        leased(out, r, filter);
        for (ReclaimedGroup g : r.reclaimed) {
            out.append("\nRECLAIMED BY GC WITHOUT close(): ").append(g.count).append(' ').append(g.kind)
                    .append("(s) opened at ").append(Printable.text(g.site)).append('\n');
            out.append("  opened by ").append(Printable.text(g.openedBy.describe()))
                    .append(g.lastPeer == null ? "" : ", last peer " + Printable.text(g.lastPeer)).append("; allocation stack:\n");
            frames(out, g.allocation, filter);
        }
        timeWait(out, r, filter);
        for (LeakGroup g : r.halfClosed) {
            SocketSnapshot oldest = g.oldest();
            out.append("\nHALF-CLOSED: ").append(g.sockets.size()).append(" socket(s) in FIN_WAIT2 opened at ")
                    .append(Printable.text(g.site)).append('\n');
            out.append("  shutdownOutput() without close(): the peer has not closed its side, and the fd stays open; ")
                    .append("oldest ").append(seconds(r.generatedAtMillis - oldest.stateSinceMillis))
                    .append(" in FIN_WAIT2, peer(s) ").append(Printable.text(String.join(", ", g.peers()))).append('\n');
            out.append("  opened by ").append(Printable.text(oldest.openedBy.describe())).append("; allocation stack:\n");
            frames(out, oldest.allocation, filter);
        }
        for (LeakGroup g : r.idleInPools) {
            IdleInPool idle = g.oldest().idleInPool;
            long since = g.sockets.stream().mapToLong(s -> s.idleInPool.sinceMillis).min().orElse(0);
            out.append("\nIDLE IN POOL (not a leak): ").append(g.sockets.size()).append(" socket(s) in CLOSE_WAIT idle in ")
                    .append(Printable.text(idle.pool)).append(" since ").append(UtcTime.of(since))
                    .append(", opened at ").append(Printable.text(g.site)).append('\n');
            out.append("  released correctly, then closed by the peer; the pool discards them on its next lease or eviction; ")
                    .append("peer(s) ").append(Printable.text(String.join(", ", g.peers()))).append('\n');
            out.append("  to close them sooner: ").append(idle.evictionHint()).append('\n');
        }
        unattributed(out, r);
        return out.toString();
    }

    // --- unattributed sockets: totals under the headline, then one line per group ---

    /** "plus 120 unattributed socket(s) ...": never a bare "0 leaked" while sockets from before the attach wait. */
    private static void unattributedTotal(StringBuilder out, LeakReport r) {
        if (r.unattributedGroups.isEmpty()) {
            return;
        }
        out.append("plus ").append(r.unattributedCount()).append(" unattributed socket(s) (opened before sockwatch ")
                .append("started, or by native code): ").append(states(r.unattributedStates()))
                .append("; grouped under UNATTRIBUTED below\n");
    }

    /** One line per group of unattributed sockets; the JSON report has one entry per socket. */
    private static void unattributed(StringBuilder out, LeakReport r) {
        if (r.unattributedGroups.isEmpty()) {
            return;
        }
        out.append("\nUNATTRIBUTED ").append(String.join("/", names(r.unattributedStates().keySet())))
                .append(" (opened before sockwatch started, or by native code): ").append(r.unattributedCount())
                .append(" socket(s) in ").append(r.unattributedGroups.size()).append(" group(s)\n");
        for (UnattributedGroup g : r.unattributedGroups) {
            out.append("  ").append(unattributedLine(g, r.generatedAtMillis)).append('\n');
        }
        out.append("  one line per socket (fd, inode): java -jar sockwatch-agent.jar report ").append(r.pid)
                .append(" --json\n");
        out.append("  to name the code that holds them (from a heap dump; it says the cost first): java -jar "
                + "sockwatch-agent.jar explain ").append(r.pid).append('\n');
    }

    /**
     * "100 in CLOSE_WAIT, local 127.0.0.1:8080 (accepted there), peer 127.0.0.1:*, seen in CLOSE_WAIT for 12s to 14s,
     * receive queue 1 byte(s) each".
     */
    public static String unattributedLine(UnattributedGroup g, long now) {
        String oldest = seconds(g.oldestMillis(now));
        String youngest = seconds(g.youngestMillis(now));
        long minRx = g.minRxQueue();
        long maxRx = g.maxRxQueue();
        StringBuilder line = new StringBuilder().append(g.sockets.size()).append(" in ").append(g.state)
                .append(", local ").append(Printable.text(g.local)).append(g.accepted ? " (accepted there)" : "")
                .append(", peer ").append(Printable.text(g.remote)).append(", seen in ").append(g.state).append(" for ")
                .append(youngest.equals(oldest) ? oldest : youngest + " to " + oldest).append(", receive queue ");
        if (minRx == maxRx) {
            return line.append(maxRx).append(g.sockets.size() > 1 ? " byte(s) each" : " byte(s)").toString();
        }
        return line.append(minRx).append(" to ").append(maxRx).append(" byte(s)").toString();
    }

    private static List<String> names(java.util.Set<TcpState> states) {
        List<String> names = new ArrayList<>();
        for (TcpState state : states) {
            names.add(state.name());
        }
        return names;
    }

    /**
     * Whether a call's stack says nothing the allocation stack does not: from their first application frame on they
     * are the same (a client that ran the exchange on the caller's own thread, e.g. with a direct executor).
     */
    static boolean repeats(List<StackTraceElement> caller, List<StackTraceElement> allocation, FrameFilter filter) {
        int c = filter.firstApplicationFrame(caller);
        int a = filter.firstApplicationFrame(allocation);
        return c >= 0 && a >= 0 && caller.subList(c, caller.size()).equals(allocation.subList(a, allocation.size()));
    }

    /** Threads that hold sockets and wait for each other forever: each cycle as thread → lock → owner. */
    private static void deadlocks(StringBuilder out, List<Deadlock> deadlocks) {
        for (Deadlock d : deadlocks) {
            out.append('\n').append(d.textBlock());
        }
    }

    /** Connections leased from a pool and never returned, by borrow site; then the threads waiting for a lease. */
    private static void leased(StringBuilder out, LeakReport r, FrameFilter filter) {
        LeasedPools leased = r.leased;
        int n = 0;
        for (LeakGroup g : leased.leaked) {
            n++;
            SocketSnapshot oldest = g.oldest();
            LeasedConnection lease = oldest.lease;
            out.append("\nLEASED, NEVER RETURNED ").append(n).append('/').append(leased.leaked.size()).append(": ")
                    .append(g.sockets.size()).append(" connection(s) borrowed at ").append(Printable.text(g.site))
                    .append(" from ").append(Printable.text(lease.pool)).append('\n');
            long since = g.sockets.stream().mapToLong(s -> s.lease.sinceMillis).min().orElse(0);
            out.append("  held ").append(seconds(r.generatedAtMillis - since)).append(" with no I/O, state(s) ")
                    .append(g.sockets.stream().map(s -> s.state.name()).distinct().collect(java.util.stream.Collectors.joining(", ")))
                    .append(", peer(s) ").append(Printable.text(String.join(", ", g.peers()))).append('\n');
            for (LeasedPools.PoolCount p : leased.pools) {
                if (p.pool.equals(lease.pool)) {
                    out.append("  pool: ").append(p.leased).append(" connection(s) leased (").append(p.leaked)
                            .append(" never returned), ").append(p.idle).append(" idle\n");
                }
            }
            out.append("  borrowed by ").append(Printable.text(lease.borrower.describe())).append("; borrow stack:\n");
            frames(out, lease.borrow, filter);
            out.append("  to fix: close the response, connection or resource on every path (try-with-resources)\n");
        }
        if (!leased.waiting.isEmpty()) {
            out.append("\nWAITING FOR A LEASE: ").append(leased.waiting.size())
                    .append(" thread(s) blocked until a pool lends a connection\n");
            for (LeaseWaiter w : leased.waiting) {
                out.append("  ").append(Printable.text(w.thread.describe())).append(' ').append(w.thread.state)
                        .append(" in ").append(Printable.text(w.waitingIn)).append(", for ")
                        .append(Printable.text(w.site)).append('\n');
            }
        }
    }

    /** "fds: 120 open of 1024 (12%), growing 60.0/min: at this rate fds run out in ~15 min". */
    private static String fds(FdHeadroom fds) {
        if (fds.open < 0) {
            return "fds: unknown (" + Printable.text(fds.problem) + ")";
        }
        StringBuilder s = new StringBuilder("fds: ").append(fds.open).append(" open");
        if (fds.limit >= 0) {
            s.append(" of ").append(fds.limit).append(" (").append(fds.open * 100 / Math.max(1, fds.limit)).append("%)");
        } else {
            s.append(fds.problem != null ? " (" + Printable.text(fds.problem) + ")" : ", no limit");
        }
        if (Double.isNaN(fds.growthPerMinute)) {
            return s.append(", trend after a few more scans").toString();
        }
        if (fds.exhaustionSeconds < 0) {
            return s.append(", not growing (").append(perMinute(fds.growthPerMinute)).append(')').toString();
        }
        return s.append(", growing ").append(perMinute(fds.growthPerMinute)).append(": at this rate fds run out in ~")
                .append(approximately(fds.exhaustionSeconds)).toString();
    }

    private static String ports(PortUse p) {
        StringBuilder s = new StringBuilder().append(Printable.text(p.remote)).append(" holds ").append(p.inUse())
                .append(" local port(s) (").append(p.open).append(" open, ").append(p.closing)
                .append(" closed first, in TIME_WAIT/FIN_WAIT)");
        if (p.rangeSize > 0) {
            s.append(" of ").append(p.rangeSize).append(" ephemeral (")
                    .append(String.format(java.util.Locale.ROOT, "%.1f%%", p.share() * 100)).append(')');
        }
        s.append(": ");
        int i = 0;
        for (Map.Entry<String, Integer> e : p.sites.entrySet()) {
            s.append(i++ == 0 ? "" : ", ").append(e.getValue()).append(' ').append(Printable.text(e.getKey()));
        }
        return s.toString();
    }

    private static String perMinute(double perMinute) {
        return (perMinute > 0 ? "+" : "") + String.format(java.util.Locale.ROOT, "%.1f/min", perMinute);
    }

    /** "45s", "12 min", "3.5 h". */
    static String approximately(long seconds) {
        if (seconds < 120) {
            return seconds + "s";
        }
        if (seconds < 2 * 3600) {
            return (seconds / 60) + " min";
        }
        return String.format(java.util.Locale.ROOT, "%.1f h", seconds / 3600.0);
    }

    /** Connections this JVM closed first, by close site: the code behind the namespace's TIME_WAIT rows. */
    private static void timeWait(StringBuilder out, LeakReport r, FrameFilter filter) {
        if (r.timeWait.isEmpty()) {
            return;
        }
        int orphans = 0;
        for (TimeWaitGroup g : r.timeWait) {
            orphans += g.finWait2;
        }
        out.append("\nTIME_WAIT BY CLOSE SITE: ").append(r.timeWaitCount())
                .append(" connection(s) this JVM closed first are in TIME_WAIT (each stays 60s: that many a minute), ")
                .append(orphans).append(" in orphaned FIN_WAIT2, at ").append(r.timeWait.size())
                .append(" close site(s)\n");
        if (r.closesNotLogged > 0) {
            out.append("  (").append(r.closesNotLogged).append(" close(s) since start came too fast to log; ")
                    .append("their rows are not counted)\n");
        }
        for (TimeWaitGroup g : r.timeWait) {
            out.append("CLOSED FIRST AT ").append(Printable.text(g.site)).append(": ").append(g.timeWait).append(" TIME_WAIT");
            if (g.finWait2 > 0) {
                out.append(", ").append(g.finWait2).append(" FIN_WAIT2 (orphaned: the peer has not closed)");
            }
            if (g.closing > 0) {
                out.append(", ").append(g.closing).append(" FIN_WAIT1/CLOSING");
            }
            out.append('\n');
            for (TimeWaitGroup.SiteCount c : g.openedAt) {
                out.append("  ").append(c.count).append(" opened at ").append(Printable.text(c.site)).append('\n');
            }
            out.append("  remote(s): ");
            int i = 0;
            for (Map.Entry<String, Integer> e : g.remotes.entrySet()) {
                if (i == REMOTES_SHOWN) {
                    out.append(", ... ").append(g.remotes.size() - i).append(" more");
                    break;
                }
                out.append(i++ == 0 ? "" : ", ").append(Printable.text(e.getKey())).append(" (").append(e.getValue()).append(')');
            }
            out.append("\n  close stack:\n");
            frames(out, g.closeStack, filter);
        }
    }

    /**
     * The threads that last did I/O on a group's sockets. Threads still on their socket and in the same state
     * with the same stack (a pool of identical hung handlers) share one printed stack.
     */
    private static void lastIo(StringBuilder out, List<LastIo> uses, long now, FrameFilter filter) {
        if (uses.isEmpty()) {
            out.append("  no thread did I/O on it after it was opened\n");
            return;
        }
        Map<List<Object>, List<LastIo>> sameStack = new LinkedHashMap<>();
        List<LastIo> movedOn = new ArrayList<>();
        for (LastIo io : uses) {
            if (io.movedOn) {
                movedOn.add(io);
            } else {
                sameStack.computeIfAbsent(Arrays.asList(io.thread.state, io.thread.stack), k -> new ArrayList<>()).add(io);
            }
        }
        for (List<LastIo> threads : sameStack.values()) {
            out.append("  last I/O by ");
            for (int i = 0; i < threads.size(); i++) {
                out.append(i == 0 ? "" : ", ").append(lastIoBy(threads.get(i), now));
            }
            ThreadSnapshot t = threads.get(0).thread;
            out.append(threads.size() == 1 ? ", now " : "; all " + threads.size() + " now ").append(t.state)
                    .append(t.stack.isEmpty() ? "\n" : threads.size() == 1 ? ":\n" : ", with this same stack:\n");
            if (!t.stack.isEmpty()) {
                frames(out, t.stack, filter);
            }
        }
        movedOn(out, movedOn, now);
    }

    /**
     * The threads that last used a group's sockets but have since done I/O on others, on one line: their current
     * stacks are about that other work, so only their names, and their states counted.
     */
    private static void movedOn(StringBuilder out, List<LastIo> movedOn, long now) {
        if (movedOn.isEmpty()) {
            return;
        }
        if (movedOn.size() == 1) {
            out.append("  last I/O by ").append(lastIoBy(movedOn.get(0), now))
                    .append("; it has since done I/O on other sockets, so its current stack is not about this one")
                    .append(" (now ").append(movedOn.get(0).thread.state).append(")\n");
            return;
        }
        Map<String, Integer> states = new LinkedHashMap<>();
        out.append("  last I/O by ");
        for (int i = 0; i < movedOn.size(); i++) {
            Counts.add(states, movedOn.get(i).thread.state, 1);
            if (i < MOVED_ON_SHOWN) {
                out.append(i == 0 ? "" : ", ").append(lastIoBy(movedOn.get(i), now));
            }
        }
        if (movedOn.size() > MOVED_ON_SHOWN) {
            out.append(" and ").append(movedOn.size() - MOVED_ON_SHOWN).append(" more thread(s)");
        }
        out.append("; all ").append(movedOn.size()).append(" have since done I/O on other sockets, so their current ")
                .append("stacks are not about these (now ");
        int i = 0;
        for (Map.Entry<String, Integer> e : states.entrySet()) {
            out.append(i++ == 0 ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue());
        }
        out.append(")\n");
    }

    /** {@code thread "worker" #14 2.2s ago}. */
    private static String lastIoBy(LastIo io, long now) {
        return Printable.text(io.thread.describe()) + ' ' + seconds(now - io.atMillis) + " ago";
    }

    /**
     * What the receive queue of a CLOSE_WAIT socket says the code failed to do. The kernel counts the peer's
     * FIN as one byte, and consumes it with the last data of its segment even before read() returns -1.
     */
    static String explainReceiveQueue(List<SocketSnapshot> sockets) {
        long maxRx = 0;
        long minRx = Long.MAX_VALUE;
        for (SocketSnapshot s : sockets) {
            maxRx = Math.max(maxRx, s.rxQueue);
            minRx = Math.min(minRx, s.rxQueue);
        }
        if (maxRx == 0) {
            return "0 bytes: the code read everything the peer sent, EOF included, but never called close()";
        }
        if (maxRx == 1 && minRx == 1) {
            return "1 byte: only the peer's FIN is unread; the code stopped reading before EOF and never closed";
        }
        if (maxRx == 1) {
            return "0-1 bytes: the code read what the peer sent (the FIN aside, on some) but never called close()";
        }
        return "up to " + (maxRx - 1) + " bytes of data plus the FIN unread: what the peer sent (e.g. a response "
                + "body) was never read, and the socket never closed";
    }

    /** What the selector knows: an event loop's stack and thread name no application code, its handler does. */
    private static void eventLoop(StringBuilder out, EventLoop loop) {
        out.append(loop.epoll() ? "  registered with Netty's epoll event loop, interest "
                        : "  registered with an event loop's selector, interest ").append(loop.interest())
                .append(loop.reads() ? "" : loop.epoll()
                        ? " (EPOLLIN off: the loop reads nothing more; a FIN it already read waits for a handler to close the channel)"
                        : " (OP_READ off: nobody will ever read the peer's FIN)");
        if (loop.attachment() != null) {
            out.append("; attachment ").append(Printable.text(loop.attachment()));
        }
        if (Boolean.FALSE.equals(loop.autoRead())) {
            out.append(", autoRead off");
        }
        out.append('\n');
        if (!loop.handlers().isEmpty()) {
            out.append("  handlers: ").append(Printable.text(String.join(", ", loop.handlers())));
            if (loop.handler() != null) {
                out.append("; the application's: ").append(Printable.text(loop.handler()));
            }
            out.append('\n');
        }
    }

    static String explainUnreadData(List<SocketSnapshot> sockets) {
        long maxRx = 0;
        for (SocketSnapshot s : sockets) {
            maxRx = Math.max(maxRx, s.rxQueue);
        }
        return "up to " + maxRx + " bytes unread for the threshold and more: the code stopped reading (e.g. a response "
                + "body) and never closed; the peer's FIN, if it sent one, waits behind the data, so this never looks "
                + "like CLOSE_WAIT";
    }

    private static void frames(StringBuilder out, List<StackTraceElement> frames, FrameFilter filter) {
        if (frames.isEmpty()) {
            out.append("      (none)\n");
            return;
        }
        int app = filter.firstApplicationFrame(frames);
        int from = Math.max(0, app - 1); // one frame of context: the call that opened or blocked
        if (from > 0) {
            out.append("      ... ").append(from).append(" JDK/library frame(s)\n");
        }
        int to = Math.min(frames.size(), (app < 0 ? 0 : app) + FRAMES_SHOWN);
        for (int i = from; i < to; i++) {
            out.append(i == app ? "  --> at " : "      at ").append(Printable.text(Frames.format(frames.get(i))))
                    .append('\n');
        }
        if (to < frames.size()) {
            out.append("      ... ").append(frames.size() - to).append(" more\n");
        }
    }

    private static String states(Map<TcpState, Integer> states) {
        if (states.isEmpty()) {
            return "none";
        }
        StringBuilder s = new StringBuilder();
        states.forEach((state, count) -> s.append(s.length() == 0 ? "" : ", ").append(state).append(' ').append(count));
        return s.toString();
    }

    private static String seconds(long millis) {
        return millis < 10_000 ? String.format(java.util.Locale.ROOT, "%.1fs", millis / 1000.0) : (millis / 1000) + "s";
    }
}
