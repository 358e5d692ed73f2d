package io.sockwatch.agent.report;

import io.sockwatch.agent.kernel.TcpState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Everything one scan found. Immutable; rendered by the {@code render} package (text, JSON, HTML). */
public final class LeakReport {
    public final long generatedAtMillis;
    public final long pid;
    public final long thresholdMillis;
    /** Made as the JVM exits: every socket in CLOSE_WAIT is a leak, whatever its age. */
    public final boolean atExit;
    /** Why kernel states are unavailable, or null when they were read. */
    public final String kernelProblem;
    /** What read the kernel's tables: "proc" (/proc/self/net/tcp and tcp6) or "netlink" (sock_diag); null if nothing. */
    public final String kernelReader;
    /** Per-state counts of the open tracked sockets. */
    public final Map<TcpState, Integer> states;
    /** Per-state counts of every TCP socket in the network namespace (empty without kernel states). */
    public final Map<TcpState, Integer> namespaceStates;
    /** Per-kind totals since start: opened, closed, reclaimed (by the GC without close()). */
    public final Map<String, Map<String, Long>> counters;
    /**
     * Open tracked sockets, then unattributed CLOSE_WAIT sockets; of a periodic scan's report only the notable
     * tracked ones (see {@code scan.Scanner#scan}), the others counted in {@link #states}.
     */
    public final List<SocketSnapshot> sockets;
    public final List<LeakGroup> leaks;
    public final List<ReclaimedGroup> reclaimed;
    /** Connections we closed first whose TIME_WAIT or orphaned FIN_WAIT rows exist now, by close site. */
    public final List<TimeWaitGroup> timeWait;
    /** Open tracked sockets in FIN_WAIT2 (shutdownOutput() without close()), by allocation site. */
    public final List<LeakGroup> halfClosed;
    /** Tracked sockets in CLOSE_WAIT that wait unused in a recognised connection pool (not leaks), by pool and site. */
    public final List<LeakGroup> idleInPools;
    /** Connections leased from pools: those never returned (leaks), each pool's counts, threads waiting for one. */
    public final LeasedPools leased;
    /** Closes not logged (too many between two scans), since start: their TIME_WAIT rows cannot be named. */
    public final long closesNotLogged;
    public final FdHeadroom fds;
    /**
     * Sockets per minute that became CLOSE_WAIT leaks (never negative), at each site that has CLOSE_WAIT sockets now;
     * NaN until enough scans.
     */
    public final Map<String, Double> closeWaitGrowth;
    /** Ephemeral ports per destination, the busiest first (at most 20). */
    public final List<PortUse> ports;
    /** The size of {@code ip_local_port_range}; -1 when unreadable. */
    public final int ephemeralPorts;
    /** Every thread the report names (openers and last users), each once. */
    public final Collection<ThreadSnapshot> threads;
    /** Deadlocks that hold some of {@link #threads}: their sockets are never closed. */
    public final List<Deadlock> deadlocks;
    public final long internalErrors;
    public final String lastInternalError;
    /** The unattributed entries of {@link #sockets}, grouped as the text and HTML reports show them. */
    public final List<UnattributedGroup> unattributedGroups;

    public LeakReport(long generatedAtMillis, long pid, long thresholdMillis, boolean atExit, String kernelProblem,
               String kernelReader,
               Map<TcpState, Integer> states, Map<TcpState, Integer> namespaceStates,
               Map<String, Map<String, Long>> counters, List<SocketSnapshot> sockets,
               List<LeakGroup> leaks, List<ReclaimedGroup> reclaimed, List<TimeWaitGroup> timeWait,
               List<LeakGroup> halfClosed, List<LeakGroup> idleInPools, LeasedPools leased, long closesNotLogged, FdHeadroom fds, Map<String, Double> closeWaitGrowth,
               List<PortUse> ports, int ephemeralPorts, Collection<ThreadSnapshot> threads,
               List<Deadlock> deadlocks, long internalErrors, String lastInternalError) {
        this.generatedAtMillis = generatedAtMillis;
        this.pid = pid;
        this.thresholdMillis = thresholdMillis;
        this.atExit = atExit;
        this.kernelProblem = kernelProblem;
        this.kernelReader = kernelReader;
        this.states = Collections.unmodifiableMap(states);
        this.namespaceStates = namespaceStates;
        this.counters = Collections.unmodifiableMap(counters);
        this.sockets = Collections.unmodifiableList(sockets);
        this.leaks = Collections.unmodifiableList(leaks);
        this.reclaimed = Collections.unmodifiableList(reclaimed);
        this.timeWait = Collections.unmodifiableList(timeWait);
        this.halfClosed = Collections.unmodifiableList(halfClosed);
        this.idleInPools = Collections.unmodifiableList(idleInPools);
        this.leased = leased;
        this.closesNotLogged = closesNotLogged;
        this.fds = fds;
        this.closeWaitGrowth = Collections.unmodifiableMap(closeWaitGrowth);
        this.ports = Collections.unmodifiableList(ports);
        this.ephemeralPorts = ephemeralPorts;
        this.threads = threads;
        this.deadlocks = List.copyOf(deadlocks);
        this.internalErrors = internalErrors;
        this.lastInternalError = lastInternalError;
        this.unattributedGroups = Collections.unmodifiableList(UnattributedGroup.of(unattributed()));
    }

    /** @param scans the scans done up to and including this one ({@code scan.Scanner#scans()}) */
    public ReportSummary summary(long scans) {
        return new ReportSummary(this, scans);
    }

    /** Open tracked sockets: all of them, also when {@link #sockets} holds only the notable ones. */
    public int trackedCount() {
        int n = 0;
        for (int inState : states.values()) {
            n += inState;
        }
        return n;
    }

    /** Leaked sockets of every kind, each once: in CLOSE_WAIT, stalled readers, leased from a pool and never returned. */
    public int leakCountWithLeases() {
        return leakCount() + leased.leakCountBeyondOthers();
    }

    /** Sockets leaked in CLOSE_WAIT and stalled readers (leases never returned in ESTABLISHED are apart). */
    public int leakCount() {
        int n = 0;
        for (LeakGroup g : leaks) {
            n += g.sockets.size();
        }
        return n;
    }

    public List<SocketSnapshot> unattributed() {
        List<SocketSnapshot> unattributed = new ArrayList<>(); // a loop: the exit report builds this too (see Counts)
        for (SocketSnapshot s : sockets) {
            if (!s.tracked) {
                unattributed.add(s);
            }
        }
        return unattributed;
    }

    /** The unattributed entries of {@link #sockets}: every report counts them next to the tracked ones. */
    public int unattributedCount() {
        int n = 0;
        for (UnattributedGroup g : unattributedGroups) {
            n += g.sockets.size();
        }
        return n;
    }

    /** Unattributed sockets per state (all reports show these totals). */
    public Map<TcpState, Integer> unattributedStates() {
        return UnattributedGroup.states(unattributedGroups);
    }

    /** TIME_WAIT rows of connections this process closed first, all close sites. */
    public int timeWaitCount() {
        int n = 0;
        for (TimeWaitGroup g : timeWait) {
            n += g.timeWait;
        }
        return n;
    }

    public long reclaimedCount() {
        long n = 0;
        for (ReclaimedGroup g : reclaimed) {
            n += g.count;
        }
        return n;
    }
}
