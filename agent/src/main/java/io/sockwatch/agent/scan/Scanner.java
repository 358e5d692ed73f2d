package io.sockwatch.agent.scan;

import io.sockwatch.agent.correlation.Correlation;
import io.sockwatch.agent.correlation.Correlator;
import io.sockwatch.agent.correlation.LiveSocket;
import io.sockwatch.agent.correlation.UnattributedSocket;
import io.sockwatch.agent.kernel.ProcText;
import io.sockwatch.agent.kernel.TcpRow;
import io.sockwatch.agent.kernel.TcpState;
import io.sockwatch.agent.kernel.TcpTableReader;
import io.sockwatch.agent.registry.AllocationStack;
import io.sockwatch.agent.registry.InternalErrors;
import io.sockwatch.agent.registry.KernelObservation;
import io.sockwatch.agent.registry.PoolLease;
import io.sockwatch.agent.registry.SocketKind;
import io.sockwatch.agent.registry.SocketRecord;
import io.sockwatch.agent.registry.SocketRegistry;
import io.sockwatch.agent.registry.StackTable;
import io.sockwatch.agent.registry.ThreadUse;
import io.sockwatch.agent.report.Deadlock;
import io.sockwatch.agent.report.EventLoop;
import io.sockwatch.agent.report.FrameFilter;
import io.sockwatch.agent.report.HistorySample;
import io.sockwatch.agent.report.IdleInPool;
import io.sockwatch.agent.report.LastIo;
import io.sockwatch.agent.report.LeakGroup;
import io.sockwatch.agent.report.LeakReport;
import io.sockwatch.agent.report.LeasedConnection;
import io.sockwatch.agent.report.LeasedPools;
import io.sockwatch.agent.report.ReclaimedGroup;
import io.sockwatch.agent.report.Sites;
import io.sockwatch.agent.report.SocketSnapshot;
import io.sockwatch.agent.report.ThreadSnapshots;
import io.sockwatch.agent.report.TimeWaitGroup;
import io.sockwatch.agent.report.WaitingForWorkers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a {@link LeakReport} from the registry and what the {@link Correlator} learnt from the kernel about each
 * socket. Runs on the scanner thread (or a management thread); never on an application hook.
 */
public final class Scanner {
    private final SocketRegistry registry;
    private final StackTable stacks;
    private final InternalErrors errors;
    private final ReclaimedSockets reclaimed = new ReclaimedSockets();
    private final Correlator correlator;
    private final Headroom headroom;
    private final History history = new History();
    private final long pid;
    /** Scans done, periodic and on request; guarded by this. */
    private long scans;

    /**
     * @param procSelf normally {@code /proc/self}
     * @param tables the reader of this namespace's TCP tables
     */
    public Scanner(SocketRegistry registry, StackTable stacks, InternalErrors errors, Path procSelf,
                   TcpTableReader tables) {
        this.registry = registry;
        this.stacks = stacks;
        this.errors = errors;
        this.correlator = new Correlator(procSelf, tables);
        this.headroom = new Headroom(procSelf);
        this.pid = ProcText.pid(procSelf);
    }

    /**
     * A report of this instant: sockets in CLOSE_WAIT for {@code threshold}, and stalled readers, are leaks, sites
     * found by {@code filter}. At exit every socket in CLOSE_WAIT, and every one with unread data, is a leak whatever
     * its age: the JVM ends without closing it, and a run's last leak must not pass unseen because the run was
     * shorter than the threshold.
     *
     * @param everySocket whether {@link LeakReport#sockets} holds every tracked socket, as the reports list them;
     *     otherwise only those a summary, the history and leak events look at (leaks, CLOSE_WAIT and FIN_WAIT2
     *     sockets, pool members), while the counts are of all: the periodic scan then makes no snapshot, text or
     *     key per quiet socket
     */
    public synchronized LeakReport scan(Duration threshold, boolean atExit, FrameFilter filter, boolean everySocket) {
        long now = System.currentTimeMillis();
        registry.forgetFinishedCalls();
        for (SocketRecord r : registry.drainReclaimed()) {
            reclaimed(r, now);
        }
        Collection<SocketRecord> records = registry.live();
        List<LiveSocket> live = new ArrayList<>(records.size() + 16);
        for (SocketRecord r : records) {
            try {
                LiveSocket s = LiveSocket.read(r);
                if (s != null) {
                    live.add(s);
                } else if (registry.removeCleared(r)) {
                    // cleared by the GC, not yet queued by the JDK: counted now, so no socket is missing from
                    // both the open and the reclaimed sockets of a report
                    reclaimed(r, now);
                }
            } catch (RuntimeException e) {
                errors.record("scan", e);
            }
        }
        takeClosedConnections();
        Correlation correlation = correlator.correlate(live, now);
        long leakAfter = atExit ? 0 : threshold.toMillis();
        ThreadSnapshots threads = new ThreadSnapshots();

        List<SocketSnapshot> sockets = new ArrayList<>(everySocket ? correlation.tracked().size() : 16);
        Map<TcpState, Integer> states = new EnumMap<>(TcpState.class);
        Map<AllocationStack, String> sites = new HashMap<>();
        Map<String, String> openedAt = new HashMap<>(); // one label per site, not one per socket
        DestinationPorts destinations = new DestinationPorts();
        Map<SocketRecord, PoolLease> leases = registry.leases();
        int[] perState = new int[TcpState.values().length]; // not merge(): a boxed count per socket
        for (SocketRecord r : correlation.tracked()) {
            try {
                KernelObservation seen = r.kernel();
                perState[seen.state().ordinal()]++;
                String site = site(r, filter, sites);
                if (seen.remoteHost() != null && Headroom.isOutgoing(r.kind())) {
                    String label = openedAt.get(site);
                    if (label == null) {
                        label = "opened at " + site;
                        openedAt.put(site, label);
                    }
                    destinations.open(seen.remoteHost(), seen.remotePort(), label);
                }
                SocketSnapshot s = snapshot(r, site, now, leakAfter, filter, threads, leases.get(r), everySocket);
                if (s != null) {
                    sockets.add(s);
                }
            } catch (RuntimeException e) {
                errors.record("scan", e);
            }
        }
        List<SocketSnapshot> leaked = new ArrayList<>();
        List<SocketSnapshot> finWait2 = new ArrayList<>();
        List<SocketSnapshot> idleInCloseWait = new ArrayList<>();
        for (SocketSnapshot s : sockets) {
            if (s.leak && (s.lease == null || LeasedPools.isAlsoCloseWaitLeak(s))) {
                leaked.add(s);
            }
            if (s.state == TcpState.FIN_WAIT2) {
                finWait2.add(s);
            }
            if (s.idleInPool != null && s.state == TcpState.CLOSE_WAIT) {
                idleInCloseWait.add(s);
            }
        }
        for (TcpState state : TcpState.values()) {
            if (perState[state.ordinal()] > 0) {
                states.put(state, perState[state.ordinal()]);
            }
        }
        for (UnattributedSocket u : correlation.unattributed()) {
            sockets.add(unattributed(u, now, leakAfter));
        }
        List<ReclaimedGroup> reclaimedGroups = reclaimed.groups(filter, threads);
        List<TimeWaitGroup> timeWait = TimeWaitGroups.of(correlation.lingering(), filter);
        int ephemeralPorts = headroom.ephemeralPorts();
        List<Deadlock> deadlocks = List.of();
        try {
            deadlocks = Deadlocks.among(threads.waitingForLocks());
        } catch (RuntimeException e) {
            errors.record("deadlocks", e);
        }
        LeakReport report = new LeakReport(now, pid, threshold.toMillis(), atExit,
                correlation.kernelProblem(), correlation.kernelReader(),
                states, correlation.namespaceStates(), counters(), sockets,
                waitingForWorkers(groupBySite(leaked), correlation.tracked(), threads, filter),
                reclaimedGroups, timeWait, groupBySite(finWait2), groupBySite(idleInCloseWait),
                LeasedPools.of(sockets, filter), registry.closedConnectionsDropped(), headroom.fds(now),
                headroom.closeWaitGrowth(sockets, now, leakAfter),
                headroom.ports(destinations, correlation.lingering(), filter, ephemeralPorts), ephemeralPorts,
                threads.all(), deadlocks, errors.count(), errors.last());
        history.add(HistorySample.of(report));
        scans++;
        return report;
    }

    /** The scans done so far: a scrape that reads the last scan's results leaves it unchanged. */
    public synchronized long scans() {
        return scans;
    }

    /**
     * Takes the connections closed since the last call and resolves their stacks. Called by every scan and, between
     * scans, often: until then each holds unresolved stacks, which pin the classes of the code that captured them.
     */
    public synchronized void takeClosedConnections() {
        correlator.closed(registry.drainClosedConnections(), stacks);
    }

    /** Every scan's sample so far (bounded, see {@link History}), oldest first. */
    public synchronized List<HistorySample> history() {
        return history.samples();
    }

    private void reclaimed(SocketRecord r, long now) {
        reclaimed.add(r, stacks, now);
        correlator.reclaimed(r);
    }

    /** The site a socket is reported at: its caller's, else its allocation's; described once per stack and scan. */
    private String site(SocketRecord r, FrameFilter filter, Map<AllocationStack, String> sites) {
        AllocationStack caller = r.caller(stacks);
        AllocationStack siteStack = caller != null ? caller : r.allocation(stacks);
        String site = sites.get(siteStack); // not computeIfAbsent: its lambda would capture filter, per socket
        if (site == null) {
            site = Sites.describe(siteStack.frames(), filter);
            sites.put(siteStack, site);
        }
        return site;
    }

    /**
     * The socket's snapshot, or null when {@code everySocket} is false and nothing but the report's lists would
     * read it: not a leak, not in CLOSE_WAIT or FIN_WAIT2, in no pool.
     */
    private SocketSnapshot snapshot(SocketRecord r, String site, long now, long leakAfter, FrameFilter filter,
                                    ThreadSnapshots threads, PoolLease poolLease, boolean everySocket) {
        KernelObservation seen = r.kernel();
        String pool = poolLease == null ? r.idleIn() : null; // leased again, before any I/O cleared its idleness
        boolean stalled = pool == null && isStalledReader(r, seen, now, leakAfter);
        boolean leak = stalled || poolLease != null && isHeldUnused(r, poolLease, now, leakAfter)
                || pool == null && seen.state() == TcpState.CLOSE_WAIT && now - seen.sinceMillis() >= leakAfter;
        if (leak) {
            registry.leakSeen(r);
        }
        if (!everySocket && !leak && pool == null && poolLease == null && seen.state() != TcpState.CLOSE_WAIT
                && seen.state() != TcpState.FIN_WAIT2) {
            return null;
        }
        IdleInPool idle = pool == null ? null : new IdleInPool(pool, Math.max(r.idleSinceMillis(), r.openedAtMillis()));
        AllocationStack stack = r.allocation(stacks);
        AllocationStack caller = r.caller(stacks);
        LeasedConnection lease = poolLease == null ? null : leased(poolLease, site, filter, threads);
        return new SocketSnapshot(r.kind().name(), true, r.fd(), seen.inode(), seen.state(), seen.local(),
                seen.remote(), seen.rxQueue(), seen.txQueue(), r.openedAtMillis(), seen.sinceMillis(), leak, stalled,
                threads.of(r.opener(), false), stack.frames(),
                caller != null ? caller.frames() : Collections.emptyList(), site, lastUser(r, leak, threads),
                leak ? eventLoop(r, filter) : null, idle, lease);
    }

    /** With the socket's own site when the borrow's stack was not sampled (the budget of open stacks was spent). */
    private LeasedConnection leased(PoolLease lease, String socketSite, FrameFilter filter, ThreadSnapshots threads) {
        AllocationStack borrow = lease.borrow(stacks);
        return new LeasedConnection(lease.pool, lease.sinceMillis, borrow.frames(),
                borrow.frames().isEmpty() ? socketSite : Sites.describe(borrow.frames(), filter),
                threads.of(lease.borrower, false));
    }

    /** Leased for the threshold, and no I/O since the lease: whatever the state, the application forgot it. */
    private static boolean isHeldUnused(SocketRecord r, PoolLease lease, long now, long threshold) {
        long lastIo = r.lastUse() == null ? 0 : r.lastUseMillis();
        return now - Math.max(lastIo, lease.sinceMillis) >= threshold;
    }

    /**
     * The last I/O on the socket, or null if none. The thread's current stack is taken for a leaked socket only,
     * and only while the thread has done no I/O on another socket since: otherwise it shows unrelated work.
     */
    private static LastIo lastUser(SocketRecord r, boolean leak, ThreadSnapshots threads) {
        ThreadUse use = r.lastUse();
        if (use == null) {
            return null;
        }
        boolean movedOn = !use.lastUsed(r);
        // I/O is stamped by the coarse clock, the open by the precise one: I/O never precedes the open
        long at = Math.max(r.lastUseMillis(), r.openedAtMillis());
        return new LastIo(threads.of(use, leak && !movedOn), at, movedOn);
    }

    /** The selector's view of a leaked channel, if an event loop holds it; the owner is held only meanwhile. */
    private EventLoop eventLoop(SocketRecord r, FrameFilter filter) {
        Object owner = r.get();
        try {
            return owner == null ? null : EventLoopReader.of(owner, filter);
        } catch (RuntimeException e) {
            errors.record("event loop", e);
            return null;
        }
    }

    /**
     * An established connection with data in its receive queue that nobody has read (or written) for the threshold:
     * an unread response body larger than the socket buffers, whose peer's FIN waits behind it.
     */
    private static boolean isStalledReader(SocketRecord r, KernelObservation seen, long now, long threshold) {
        if (seen.state() != TcpState.ESTABLISHED || seen.rxQueue() == 0) {
            return false;
        }
        long lastIo = r.lastUse() == null ? r.openedAtMillis() : Math.max(r.lastUseMillis(), r.openedAtMillis());
        return now - Math.max(lastIo, seen.sinceMillis()) >= threshold;
    }

    /**
     * The leak groups, those of connections waiting for a worker with where their server's workers are now: the
     * last users of the server's accepted connections (the server is the connections' local port). Looked for only
     * when such a group exists.
     */
    private static List<LeakGroup> waitingForWorkers(List<LeakGroup> leaks, List<SocketRecord> tracked,
                                                     ThreadSnapshots threads, FrameFilter filter) {
        List<LeakGroup> described = new ArrayList<>(leaks.size());
        Map<String, Set<ThreadUse>> workersByServer = null;
        for (LeakGroup g : leaks) {
            SocketSnapshot oldest = g.oldest();
            if (WaitingForWorkers.isWaiting(oldest)) {
                if (workersByServer == null) {
                    workersByServer = workersByServer(tracked);
                }
                Set<ThreadUse> workers = workersByServer.getOrDefault(WaitingForWorkers.serverOf(oldest.local),
                        Collections.emptySet());
                described.add(new LeakGroup(g.site, g.stalled, g.sockets,
                        WaitingForWorkers.of(oldest.local, workers, threads, filter)));
            } else {
                described.add(g);
            }
        }
        return described;
    }

    private static Map<String, Set<ThreadUse>> workersByServer(List<SocketRecord> tracked) {
        Map<String, Set<ThreadUse>> workersByServer = new HashMap<>();
        for (SocketRecord r : tracked) {
            ThreadUse use = r.lastUse();
            String local = r.kernel().local();
            if (use != null && local != null && WaitingForWorkers.isAccepted(r.kind().name())) {
                Set<ThreadUse> workers = workersByServer.get(WaitingForWorkers.serverOf(local));
                if (workers == null) {
                    workers = new LinkedHashSet<>();
                    workersByServer.put(WaitingForWorkers.serverOf(local), workers);
                }
                workers.add(use);
            }
        }
        return workersByServer;
    }

    /** A CLOSE_WAIT socket of this process that no record claims: opened before sockwatch started, or natively. */
    private static SocketSnapshot unattributed(UnattributedSocket u, long now, long leakAfter) {
        TcpRow row = u.row();
        return new SocketSnapshot("UNATTRIBUTED", false, u.fd(), row.inode(), row.state(), row.local(),
                row.remote(), row.rxQueue(), row.txQueue(), 0, u.sinceMillis(), now - u.sinceMillis() >= leakAfter,
                false, null, Collections.emptyList(), Collections.emptyList(),
                "(opened before sockwatch started, or by native code)", null, null,
                null, null);
    }

    /**
     * The tracked sockets of {@code members} by site, most first; a site's stalled readers, and each pool's idle
     * sockets, apart from its other sockets.
     */
    private static List<LeakGroup> groupBySite(List<SocketSnapshot> members) {
        Map<List<Object>, List<SocketSnapshot>> bySite = new LinkedHashMap<>();
        for (SocketSnapshot s : members) {
            if (s.tracked) {
                // a server's connections waiting for a worker apart from the same acceptor's other leaks, per server
                List<Object> key = List.of(s.site, s.stalled, s.idleInPool == null ? "" : s.idleInPool.pool,
                        WaitingForWorkers.isWaiting(s) ? WaitingForWorkers.serverOf(s.local) : "");
                List<SocketSnapshot> group = bySite.get(key);
                if (group == null) {
                    group = new ArrayList<>();
                    bySite.put(key, group);
                }
                group.add(s);
            }
        }
        List<LeakGroup> groups = new ArrayList<>();
        for (List<SocketSnapshot> group : bySite.values()) {
            groups.add(new LeakGroup(group.get(0).site, group.get(0).stalled, group));
        }
        groups.sort(LeakGroup.MOST_SOCKETS_FIRST);
        return groups;
    }

    private Map<String, Map<String, Long>> counters() {
        Map<String, Map<String, Long>> counters = new LinkedHashMap<>();
        counters.put("opened", perKind(registry.opened()));
        counters.put("closed", perKind(registry.closed()));
        counters.put("reclaimedWithoutClose", perKind(registry.reclaimed()));
        return counters;
    }

    private static Map<String, Long> perKind(SocketRegistry.Counters c) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (SocketKind kind : SocketKind.values()) {
            m.put(kind.name(), c.get(kind));
        }
        return m;
    }
}
