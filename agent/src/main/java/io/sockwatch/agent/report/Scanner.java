package io.sockwatch.agent.report;

import io.sockwatch.agent.AgentOptions;
import io.sockwatch.agent.InternalErrors;
import io.sockwatch.agent.instrument.Endpoints;
import io.sockwatch.agent.instrument.JdkSocketFields;
import io.sockwatch.agent.kernel.KernelTable;
import io.sockwatch.agent.kernel.ProcFds;
import io.sockwatch.agent.kernel.ProcNetTcp;
import io.sockwatch.agent.kernel.TcpRow;
import io.sockwatch.agent.kernel.TcpState;
import io.sockwatch.agent.registry.AllocationStack;
import io.sockwatch.agent.registry.KernelObservation;
import io.sockwatch.agent.registry.SocketKind;
import io.sockwatch.agent.registry.SocketRecord;
import io.sockwatch.agent.registry.SocketRegistry;
import io.sockwatch.agent.registry.StackTable;
import io.sockwatch.agent.registry.ThreadUse;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Joins the registry with the kernel's view: maps each tracked socket to its kernel row (fd to inode through
 * {@code /proc/self/fd}, checked against the ports the JDK object holds, so a reused fd number is never taken
 * for the old socket), remembers since when each is in its state, and builds a {@link LeakReport}.
 * Runs on the scanner thread (or a management thread); never on an application hook.
 */
public final class Scanner {
    private final SocketRegistry registry;
    private final StackTable stacks;
    private final InternalErrors errors;
    private final Path procSelf;
    private final ReclaimedSockets reclaimed = new ReclaimedSockets();
    /**
     * Reclaimed records whose kernel socket may outlive them: a SocketChannel has no cleaner, so its fd stays
     * open after the GC. Keyed by inode, so the socket keeps its allocation site instead of turning unattributed.
     */
    private final Map<Long, SocketRecord> orphans = new HashMap<>();
    private static final int MAX_ORPHANS = 10_000;
    private static final int MAX_PEERS = 10_000;
    private final Map<String, String> peers = new HashMap<>();
    /** First time each unattributed CLOSE_WAIT inode was seen. */
    private final Map<Long, Long> unattributedSince = new HashMap<>();
    private final String notLinux;

    public Scanner(SocketRegistry registry, StackTable stacks, InternalErrors errors, Path procSelf) {
        this.registry = registry;
        this.stacks = stacks;
        this.errors = errors;
        this.procSelf = procSelf;
        String os = System.getProperty("os.name", "");
        this.notLinux = os.toLowerCase(java.util.Locale.ROOT).startsWith("linux") ? null
                : "kernel TCP states are only read on Linux (this is " + os + ")";
    }

    public synchronized LeakReport scan(AgentOptions options) {
        long now = System.currentTimeMillis();
        for (SocketRecord r : registry.drainReclaimed()) {
            reclaimed.add(r, stacks, now);
            KernelObservation last = r.kernel();
            if (last != null && last.inode() > 0 && orphans.size() < MAX_ORPHANS) {
                orphans.put(last.inode(), r);
            }
        }
        String kernelProblem = notLinux;
        KernelTable table = null;
        if (kernelProblem == null) {
            try {
                table = KernelTable.read(procSelf.resolve("net"));
            } catch (IOException | RuntimeException e) {
                kernelProblem = "cannot read " + procSelf.resolve("net") + "/tcp and tcp6 (" + e.getMessage()
                        + "); kernel TCP states are unavailable";
            }
        }
        ProcFds fds = new ProcFds(procSelf.resolve("fd"));
        FrameFilter filter = new FrameFilter(options.skip());
        long threshold = options.threshold().toMillis();
        ThreadSnapshots threads = new ThreadSnapshots();

        List<SocketSnapshot> sockets = new ArrayList<>();
        Map<TcpState, Integer> states = new EnumMap<>(TcpState.class);
        Set<Long> claimed = new HashSet<>();
        Map<AllocationStack, String> sites = new HashMap<>();
        for (SocketRecord r : registry.live()) {
            try {
                Object owner = r.get();
                if (owner == null) {
                    continue; // reclaimed; the next scan reports it
                }
                if (r.fd() == SocketRecord.FD_UNREAD) {
                    r.fd(JdkSocketFields.fd(owner));
                }
                Endpoints ends = JdkSocketFields.endpoints(owner);
                TcpRow row = observe(r, ends, table, fds, now);
                claimed.add(r.kernel().inode());
                String local = row != null ? row.local() : format(ends.localAddress(), ends.localPort());
                sockets.add(snapshot(r, local, now, threshold, filter, sites, threads));
            } catch (RuntimeException e) {
                errors.record("scan", e);
            }
        }
        if (table != null) {
            sockets.addAll(orphans(table, claimed, now, threshold, filter, sites, threads));
        }
        for (SocketSnapshot s : sockets) {
            states.merge(s.state, 1, Integer::sum);
        }
        if (table != null) {
            sockets.addAll(unattributed(table, claimed, fds, now, threshold));
        }
        List<ReclaimedGroup> reclaimedGroups = reclaimed.groups(filter, threads);
        return new LeakReport(now, ProcessHandle.current().pid(), threshold, kernelProblem, states,
                table != null ? table.states() : Collections.emptyMap(), counters(), sockets, groupLeaks(sockets),
                reclaimedGroups, threads.all(), errors.count(), errors.last());
    }

    private SocketSnapshot snapshot(SocketRecord r, String local, long now, long threshold, FrameFilter filter,
                                    Map<AllocationStack, String> sites, ThreadSnapshots threads) {
        KernelObservation seen = r.kernel();
        boolean leak = seen.state() == TcpState.CLOSE_WAIT && now - seen.sinceMillis() >= threshold;
        AllocationStack stack = r.allocation(stacks);
        String site = sites.computeIfAbsent(stack, s -> Sites.describe(s.frames(), filter));
        return new SocketSnapshot(r.kind().name(), true, r.fd(), seen.inode(), seen.state(), local, seen.remote(),
                seen.rxQueue(), seen.txQueue(), r.openedAtMillis(), seen.sinceMillis(), leak,
                threads.of(r.opener(), false), stack.frames(), site, lastUser(r, leak, threads));
    }

    /** Reclaimed sockets whose fd is still open (channels): reported at their site while the kernel has them. */
    private List<SocketSnapshot> orphans(KernelTable table, Set<Long> claimed, long now, long threshold,
                                         FrameFilter filter, Map<AllocationStack, String> sites,
                                         ThreadSnapshots threads) {
        List<SocketSnapshot> found = new ArrayList<>();
        for (java.util.Iterator<Map.Entry<Long, SocketRecord>> it = orphans.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, SocketRecord> e = it.next();
            TcpRow row = table.row(e.getKey());
            if (row == null || claimed.contains(e.getKey())) {
                it.remove();
                continue;
            }
            SocketRecord r = e.getValue();
            KernelObservation before = r.kernel();
            r.observe(new KernelObservation(row.inode(), row.state(),
                    before.state() == row.state() ? before.sinceMillis() : now, host(row.remote()), row.remotePort(),
                    (int) row.rxQueue(), (int) row.txQueue()));
            claimed.add(row.inode());
            found.add(snapshot(r, row.local(), now, threshold, filter, sites, threads));
        }
        return found;
    }

    /** Updates the record's kernel observation; returns its kernel row, or null when it has none. */
    private TcpRow observe(SocketRecord r, Endpoints ends, KernelTable table, ProcFds fds, long now) {
        KernelObservation before = r.kernel();
        TcpRow row = null;
        long inode = -1;
        boolean reused = false;
        if (table != null && r.fd() >= 0) {
            boolean cached = before != null && before.inode() > 0;
            inode = cached ? before.inode() : fds.socketInode(r.fd());
            TcpRow candidate = table.row(inode);
            if (cached && (candidate == null || !matches(candidate, ends))) {
                inode = fds.socketInode(r.fd()); // the cached inode may be stale; ask again
                candidate = table.row(inode);
            }
            reused = candidate != null && !matches(candidate, ends);
            row = reused ? null : candidate;
        }
        // No row but our fd is still a socket: the kernel has it in CLOSE (never connected or bound, or its
        // connection ended: FIN_WAIT2 + FIN moved it to a TIME_WAIT row while our fd stays open). A row whose
        // ports disagree means the fd number now belongs to another socket: UNKNOWN.
        TcpState state = row != null ? row.state() : !reused && inode > 0 ? TcpState.CLOSE : TcpState.UNKNOWN;
        long knownInode = !reused && inode > 0 ? inode : -1;
        int rx = row != null ? (int) row.rxQueue() : 0;
        int tx = row != null ? (int) row.txQueue() : 0;
        String remote = row != null ? row.remote() : format(ends.remoteAddress(), ends.remotePort());
        int remotePort = row != null ? row.remotePort() : ends.remotePort();
        String remoteHost = remote == null ? null : host(remote);
        if (before != null && before.state() == state && before.inode() == knownInode && before.rxQueue() == rx
                && before.txQueue() == tx && before.remotePort() == remotePort
                && java.util.Objects.equals(before.remoteHost(), remoteHost)) {
            return row;
        }
        long since = before != null && before.state() == state ? before.sinceMillis() : now;
        r.observe(new KernelObservation(knownInode, state, since, remoteHost, remotePort, rx, tx));
        return row;
    }

    /**
     * The host part of {@code ip:port} (or {@code [v6]:port}), one shared String per host: thousands of
     * connections to one server, or accepted from one client, keep one copy.
     */
    private String host(String address) {
        String host = address.substring(0, address.lastIndexOf(':'));
        if (peers.size() > MAX_PEERS) {
            peers.clear();
        }
        String shared = peers.putIfAbsent(host, host);
        return shared != null ? shared : host;
    }

    /** Whether the row is the socket the JDK object describes: the ports it knows agree. */
    private static boolean matches(TcpRow row, Endpoints ends) {
        boolean localOk = ends.localPort() == 0 || row.localPort() == ends.localPort();
        boolean remoteOk = ends.remotePort() == 0 || row.remotePort() == ends.remotePort();
        return localOk && remoteOk;
    }

    private static String format(java.net.InetAddress address, int port) {
        if (port == 0) {
            return null;
        }
        return address == null ? "*:" + port : ProcNetTcp.format(address, port);
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
        return new LastIo(threads.of(use, leak && !movedOn), r.lastUseMillis(), movedOn);
    }

    /** CLOSE_WAIT sockets of this process that no record claims: opened before sockwatch started, or natively. */
    private List<SocketSnapshot> unattributed(KernelTable table, Set<Long> claimed, ProcFds fds, long now,
                                              long threshold) {
        List<TcpRow> candidates = new ArrayList<>();
        for (TcpRow row : table.rows()) {
            if (row.state() == TcpState.CLOSE_WAIT && !claimed.contains(row.inode())) {
                candidates.add(row);
            }
        }
        if (candidates.isEmpty()) {
            unattributedSince.clear();
            return Collections.emptyList();
        }
        Map<Long, Integer> ours = fds.socketInodes(); // the table is namespace-wide; keep this process's sockets
        Map<Long, Long> stillThere = new HashMap<>();
        List<SocketSnapshot> found = new ArrayList<>();
        for (TcpRow row : candidates) {
            Integer fd = ours.get(row.inode());
            if (fd == null) {
                continue;
            }
            long since = unattributedSince.getOrDefault(row.inode(), now);
            stillThere.put(row.inode(), since);
            found.add(new SocketSnapshot("UNATTRIBUTED", false, fd, row.inode(), row.state(), row.local(),
                    row.remote(), row.rxQueue(), row.txQueue(), 0, since, now - since >= threshold, null,
                    Collections.emptyList(), "(opened before sockwatch started, or by native code)", null));
        }
        unattributedSince.clear();
        unattributedSince.putAll(stillThere);
        return found;
    }

    private static List<LeakGroup> groupLeaks(List<SocketSnapshot> sockets) {
        Map<String, List<SocketSnapshot>> bySite = new LinkedHashMap<>();
        for (SocketSnapshot s : sockets) {
            if (s.leak && s.tracked) {
                bySite.computeIfAbsent(s.site, k -> new ArrayList<>()).add(s);
            }
        }
        List<LeakGroup> groups = new ArrayList<>();
        bySite.forEach((site, list) -> groups.add(new LeakGroup(site, list)));
        groups.sort((a, b) -> b.sockets.size() - a.sockets.size());
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
