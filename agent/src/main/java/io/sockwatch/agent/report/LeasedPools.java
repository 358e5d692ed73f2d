package io.sockwatch.agent.report;

import io.sockwatch.agent.kernel.TcpState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Connections leased from pools and never returned: each held for the threshold with no I/O is a leak (in
 * ESTABLISHED while the server keeps it open, in CLOSE_WAIT once it closed it), grouped by the line that borrowed
 * it; with each pool's counts, and the threads waiting for a lease (the "Timeout waiting for connection from pool"
 * to come). Those in CLOSE_WAIT are also among the report's CLOSE_WAIT leaks, at the line that opened them.
 */
public final class LeasedPools {
    /** Leaked leases by borrow site and pool, most first. */
    public final List<LeakGroup> leaked;
    /** Every pool with a leased connection now, by name. */
    public final List<PoolCount> pools;
    /** Threads blocked waiting for a lease from any recognised pool; empty unless a lease leaked. */
    public final List<LeaseWaiter> waiting;

    LeasedPools(List<LeakGroup> leaked, List<PoolCount> pools, List<LeaseWaiter> waiting) {
        this.leaked = Collections.unmodifiableList(leaked);
        this.pools = Collections.unmodifiableList(pools);
        this.waiting = Collections.unmodifiableList(waiting);
    }

    /** Leaked leases not among the report's other leaks (see {@link #isAlsoCloseWaitLeak}). */
    public int leakCountBeyondOthers() {
        int n = 0;
        for (LeakGroup g : leaked) {
            for (SocketSnapshot s : g.sockets) {
                if (!isAlsoCloseWaitLeak(s)) {
                    n++;
                }
            }
        }
        return n;
    }

    /**
     * A leaked lease in CLOSE_WAIT, or with unread data, is also one of the report's CLOSE_WAIT or stalled leaks, at
     * the line that opened it, as it was before pools' leases were seen; one in ESTABLISHED is a leak only here.
     */
    public static boolean isAlsoCloseWaitLeak(SocketSnapshot s) {
        return s.stalled || s.state == TcpState.CLOSE_WAIT;
    }

    /** The tracked sockets of one pool: leased now (of which leaked), and idle in it. */
    public static final class PoolCount {
        public final String pool;
        public final int leased;
        public final int leaked;
        public final int idle;

        PoolCount(String pool, int leased, int leaked, int idle) {
            this.pool = pool;
            this.leased = leased;
            this.leaked = leaked;
            this.idle = idle;
        }
    }

    /** Built from one scan's sockets; {@code waiting} is only looked for when a lease leaked. */
    public static LeasedPools of(List<SocketSnapshot> sockets, FrameFilter filter) {
        Map<List<String>, List<SocketSnapshot>> bySite = new LinkedHashMap<>();
        Map<String, int[]> counts = new TreeMap<>();
        for (SocketSnapshot s : sockets) {
            if (s.lease != null) {
                int[] c = counts.get(s.lease.pool);
                if (c == null) {
                    c = new int[3];
                    counts.put(s.lease.pool, c);
                }
                c[0]++;
                if (s.leak) {
                    c[1]++;
                    List<String> site = List.of(s.lease.site, s.lease.pool);
                    List<SocketSnapshot> group = bySite.get(site);
                    if (group == null) {
                        group = new ArrayList<>();
                        bySite.put(site, group);
                    }
                    group.add(s);
                }
            }
        }
        for (SocketSnapshot s : sockets) {
            if (s.idleInPool != null && counts.containsKey(s.idleInPool.pool)) {
                counts.get(s.idleInPool.pool)[2]++;
            }
        }
        List<LeakGroup> leaked = new ArrayList<>();
        for (List<SocketSnapshot> group : bySite.values()) {
            leaked.add(new LeakGroup(group.get(0).lease.site, false, group));
        }
        leaked.sort(LeakGroup.MOST_SOCKETS_FIRST);
        List<PoolCount> pools = new ArrayList<>();
        for (Map.Entry<String, int[]> e : counts.entrySet()) { // loops, not lambdas: each is a class spun at a first report
            int[] c = e.getValue();
            pools.add(new PoolCount(e.getKey(), c[0], c[1], c[2]));
        }
        return new LeasedPools(leaked, pools, leaked.isEmpty() ? Collections.emptyList() : LeaseWaiter.all(filter));
    }
}
