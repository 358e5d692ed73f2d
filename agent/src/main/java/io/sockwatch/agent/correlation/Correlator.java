package io.sockwatch.agent.correlation;

import io.sockwatch.agent.kernel.HostTexts;
import io.sockwatch.agent.kernel.KernelTable;
import io.sockwatch.agent.kernel.ProcFds;
import io.sockwatch.agent.kernel.RowFilter;
import io.sockwatch.agent.kernel.TcpRow;
import io.sockwatch.agent.kernel.TcpState;
import io.sockwatch.agent.kernel.TcpTableReader;
import io.sockwatch.agent.registry.ClosedConnection;
import io.sockwatch.agent.registry.KernelObservation;
import io.sockwatch.agent.registry.SocketRecord;
import io.sockwatch.agent.registry.StackTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Links tracked sockets to their kernel rows: fd to inode through {@code /proc/self/fd} (cached per record while
 * its row agrees), inode to row in {@code /proc/self/net/tcp{,6}}, checked against the ports the JDK object holds,
 * so a reused fd number is never taken for the old socket. Keeps what must outlive one scan: orphans, the clocks
 * of unattributed sockets, shared peer hosts. Used by one scanning thread at a time.
 */
public final class Correlator {
    private final Path netDir;
    private final ProcFds fds;
    private final String notLinux;
    private final TcpTableReader tables;
    private final Orphans orphans = new Orphans();
    private final UnattributedSockets unattributed = new UnattributedSockets();
    private final PeerHosts peers = new PeerHosts();
    private final ActiveCloses activeCloses = new ActiveCloses();
    private final HostTexts hosts = new HostTexts();

    /**
     * @param procSelf normally {@code /proc/self}; its {@code fd} is read
     * @param tables the reader of this namespace's TCP tables
     */
    public Correlator(Path procSelf, TcpTableReader tables) {
        this(procSelf, tables, System.getProperty("os.name", ""));
    }

    Correlator(Path procSelf, TcpTableReader tables, String osName) {
        this.tables = tables;
        this.netDir = procSelf.resolve("net");
        this.fds = new ProcFds(procSelf.resolve("fd"));
        this.notLinux = osName.toLowerCase(Locale.ROOT).startsWith("linux") ? null
                : "kernel TCP states are only read on Linux (this is " + osName + ")";
    }

    /**
     * Takes a record the GC reclaimed without close(). If its socket may outlive it, it becomes an orphan, found
     * by inode: the one it was last seen with, or, for a channel dropped before any scan, the one behind the fd
     * it had at open (a channel has no cleaner: the fd is still open and its number cannot have been reused).
     */
    public void reclaimed(SocketRecord record) {
        KernelObservation last = record.kernel();
        long inode = last != null ? last.inode() : record.fd() >= 0 ? fds.socketInode(record.fd()) : -1;
        if (inode > 0) {
            orphans.add(inode, record);
        }
    }

    /**
     * Takes the connections closed since the last scan, resolving their stacks now (an unresolved stack pins the
     * classes that captured it), so that the rows they leave (TIME_WAIT, orphaned FIN_WAIT2) can be named.
     */
    public void closed(List<ClosedConnection> closed, StackTable stacks) {
        for (ClosedConnection c : closed) {
            String host = c.remoteAddress() == null ? "*" : peers.host(c.remoteAddress());
            activeCloses.add(c.kind(), c.localPort(), host, c.remotePort(), c.closedAtMillis(), c.allocation(stacks),
                    c.closeStack(stacks));
        }
    }

    /** Updates every live socket's and orphan's kernel observation; {@code live} in the order to report them. */
    public Correlation correlate(List<LiveSocket> live, long nowMillis) {
        // made per scan, not kept: kept, they were ~40 B of heap per open socket
        InodeMap wanted = new InodeMap(live.size() + orphans.size()); // with each live socket's index
        long[] fdInodes = new long[live.size()];
        for (int i = 0; i < live.size(); i++) {
            SocketRecord r = live.get(i).record();
            KernelObservation before = r.kernel();
            fdInodes[i] = before != null && before.inode() > 0 ? before.inode() : fds.socketInode(r.fd());
            wanted.put(fdInodes[i], i);
        }
        boolean[] known = new boolean[live.size()]; // by index: the row was as last observed, and made no TcpRow
        orphans.addInodesTo(wanted);
        activeCloses.expire(nowMillis);
        KernelTable table = null;
        String problem = notLinux;
        if (problem == null) {
            try {
                // CLOSE_WAIT rows for unattributed sockets; no row with inode 0 is any fd's, but some are
                // connections we closed (TIME_WAIT)
                table = tables.read(new RowFilter() {
                    @Override
                    public boolean wants(TcpState state, long inode, int localPort) {
                        return inode != 0 && (state == TcpState.CLOSE_WAIT || wanted.contains(inode))
                                || activeCloses.mayMatch(state, inode, localPort);
                    }

                    @Override
                    public boolean wantsTimeWait() {
                        return activeCloses.mayMatchTimeWait(); // TIME_WAIT rows have no inode
                    }

                    @Override
                    public boolean isKnown(long inode, TcpState state, int localPort, int remotePort, long txQueue,
                                           long rxQueue) {
                        int i = wanted.get(inode);
                        if (i == InodeMap.NONE || activeCloses.mayMatch(state, inode, localPort)
                                || !isLastSeen(live.get(i).record().kernel(), inode, state, localPort, remotePort,
                                        txQueue, rxQueue)) {
                            return false;
                        }
                        known[i] = true;
                        return true;
                    }
                });
            } catch (IOException | RuntimeException e) {
                problem = "cannot read " + netDir + "/tcp and tcp6 (" + e.getMessage()
                        + "); kernel TCP states are unavailable";
            }
        }
        List<SocketRecord> tracked = new ArrayList<>(live.size() + orphans.size());
        InodeMap claimed = wanted;
        claimed.clear(live.size() + orphans.size());
        for (int i = 0; i < live.size(); i++) {
            LiveSocket s = live.get(i);
            // a known row is the one of the inode the record keeps, with the ports it saw: nothing to update
            if (table == null) {
                unknown(s.record(), s, nowMillis);
            } else if (!known[i]) {
                observe(s, fdInodes[i], table, nowMillis);
            }
            claimed.add(s.record().kernel().inode());
            tracked.add(s.record());
        }
        if (table == null) {
            return new Correlation(tracked, Collections.emptyList(), Collections.emptyList(), Collections.emptyMap(),
                    problem, null);
        }
        tracked.addAll(orphans.observe(table, claimed, peers, nowMillis));
        return new Correlation(tracked, unattributed.observe(table, claimed, fds, nowMillis),
                activeCloses.lingering(table.rows()), table.states(), null, tables.source());
    }

    /**
     * Updates the record's observation from its row, or from the lack of one.
     *
     * @param inode the cached inode, else the one behind the fd now; -1 when the fd is unknown or not a socket
     */
    private void observe(LiveSocket s, long inode, KernelTable table, long nowMillis) {
        SocketRecord r = s.record();
        KernelObservation before = r.kernel();
        boolean cached = before != null && before.inode() > 0;
        TcpRow row = inode > 0 ? table.row(inode) : null;
        if (cached && (row == null || !matches(row, s)) && fds.socketInode(r.fd()) != inode) {
            // an open socket's fd always names the same inode: another one means the socket was closed unseen
            // and the number reused (or the fd is closed now)
            inode = -1;
            row = null;
        }
        if (row != null && !matches(row, s)) {
            // same inode, ports the JDK object does not have: not the socket we know
            observe(r, -1, TcpState.UNKNOWN, s.remoteHost(hosts), s.remotePort(), 0, 0, false, s.localHost(hosts),
                    s.localPort(), nowMillis);
        } else if (row != null) {
            observe(r, inode, row.state(), row.remoteHost(), row.remotePort(), (int) row.rxQueue(),
                    (int) row.txQueue(), false, row.localHost(), row.localPort(), nowMillis);
        } else if (inode <= 0) {
            unknown(r, s, nowMillis);
        } else if (before != null && before.inode() == inode && !before.rowMissing()) {
            // /proc is read page by page: a socket can be missing from one read, so keep what was seen
            r.observe(before.missedOnce());
        } else {
            // missing twice, or never seen with a row, while our fd is still a socket: the kernel has it in CLOSE
            // (never connected or bound, or its connection ended: FIN_WAIT2 + FIN moved it to a TIME_WAIT row
            // while our fd stays open)
            observe(r, inode, TcpState.CLOSE, s.remoteHost(hosts), s.remotePort(), 0, 0, true, s.localHost(hosts),
                    s.localPort(), nowMillis);
        }
    }

    /** Whether a row is what {@code seen} recorded of the socket, its row found then (a missed row is news). */
    private static boolean isLastSeen(KernelObservation seen, long inode, TcpState state, int localPort,
                                      int remotePort, long txQueue, long rxQueue) {
        return seen != null && seen.hasRow(inode, state, localPort, remotePort, (int) txQueue, (int) rxQueue, false);
    }

    /** No kernel state: the fd is unknown, not a socket, or the tables could not be read. */
    private void unknown(SocketRecord r, LiveSocket s, long nowMillis) {
        observe(r, -1, TcpState.UNKNOWN, s.remoteHost(hosts), s.remotePort(), 0, 0, false, s.localHost(hosts), s.localPort(),
                nowMillis);
    }

    private static long since(KernelObservation before, TcpState state, long nowMillis) {
        return before != null && before.state() == state ? before.sinceMillis() : nowMillis;
    }

    /**
     * Makes and stores an observation only when something changed: a quiet socket's record is not rewritten, and
     * costs no allocation, every scan.
     *
     * @param localHost the local host as the row shows it, else as the JDK object knows it; null when unknown
     */
    private void observe(SocketRecord r, long inode, TcpState state, String remoteHost, int remotePort, int rxQueue,
                         int txQueue, boolean rowMissing, String localHost, int localPort, long nowMillis) {
        KernelObservation before = r.kernel();
        String peer = peers.share(remoteHost);
        String local = peers.share(localHost);
        if (before != null && before.hasRow(inode, state, localPort, remotePort, txQueue, rxQueue, rowMissing)
                && Objects.equals(before.remoteHost(), peer) && Objects.equals(before.localHost(), local)) {
            return;
        }
        r.observe(new KernelObservation(inode, state, since(before, state, nowMillis), peer, remotePort, rxQueue,
                txQueue, rowMissing, local, localPort));
    }

    /** Whether the row is the socket the JDK object describes: the ports it knows agree. */
    private static boolean matches(TcpRow row, LiveSocket s) {
        boolean localOk = s.localPort() == 0 || row.localPort() == s.localPort();
        boolean remoteOk = s.remotePort() == 0 || row.remotePort() == s.remotePort();
        return localOk && remoteOk;
    }
}
