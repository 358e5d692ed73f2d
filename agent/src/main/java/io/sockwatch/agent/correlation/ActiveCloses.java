package io.sockwatch.agent.correlation;

import io.sockwatch.agent.kernel.TcpRow;
import io.sockwatch.agent.kernel.TcpState;
import io.sockwatch.agent.registry.AllocationStack;
import io.sockwatch.agent.registry.SocketKind;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The connections this process closed in the last {@link #WINDOW_MILLIS}, by 4-tuple, to name the code behind the
 * namespace's TIME_WAIT and orphaned FIN_WAIT rows, which have no inode and no owner. A row ends at the latest
 * after {@code tcp_fin_timeout} (FIN_WAIT2, 60 s by default) plus TIME_WAIT (60 s, fixed in Linux), so older
 * closes cannot have a row. Bounded to {@link #CAPACITY} closes, the oldest forgotten first. Scanner thread only.
 *
 * <p>Kept in columns (a ring of arrays and an open-addressing index), not an object per close: under churn tens of
 * thousands of closes a second pass through here and live about a second, so objects per close survived a young
 * collection each and made the application's GC pauses several times longer. The columns hold only ports, times
 * and shared objects (peer texts, interned stacks); the {@link ActiveClose} of a close is made when a row matches.
 */
final class ActiveCloses {
    static final long WINDOW_MILLIS = 150_000;
    static final int CAPACITY = 32_768;
    private static final int FIRST_LENGTH = 256;

    // slot i is one close, or empty where hosts[i] is null; slots in ring order from `next` are oldest first
    private SocketKind[] kinds = new SocketKind[0];
    /** local port in the high 16 bits, remote port in the low. */
    private int[] ports = new int[0];
    private String[] hosts = new String[0];
    private long[] closedAt = new long[0];
    private AllocationStack[] allocations = new AllocationStack[0];
    private AllocationStack[] closeStacks = new AllocationStack[0];
    /** The value of a close that matched a row, kept while it lingers: the next scan matches the same rows. */
    private ActiveClose[] made = new ActiveClose[0];
    private int next;
    private int size;
    /** Linear probing over twice as many entries as slots: slot + 1, 0 where free. */
    private int[] index = new int[0];
    private final BitSet localPorts = new BitSet(65_536);

    /** A newer close of the same 4-tuple replaces the older one and counts as the newest. */
    void add(SocketKind kind, int localPort, String remoteHost, int remotePort, long closedAtMillis,
             AllocationStack allocation, AllocationStack closeStack) {
        int key = localPort << 16 | remotePort;
        int same = find(key, remoteHost);
        if (same >= 0) {
            remove(same);
        }
        if (kinds.length == 0 || hosts[next] != null) {
            if (size <= kinds.length / 2) {
                resize(Math.max(FIRST_LENGTH, kinds.length)); // compacts the slots of removed closes
            } else if (kinds.length < CAPACITY) {
                resize(kinds.length * 2);
            }
        }
        if (hosts[next] != null) {
            remove(next); // full: the oldest goes
        }
        int slot = next;
        kinds[slot] = kind;
        ports[slot] = key;
        hosts[slot] = remoteHost;
        closedAt[slot] = closedAtMillis;
        allocations[slot] = allocation;
        closeStacks[slot] = closeStack;
        size++;
        index(slot);
        next = (slot + 1) % kinds.length;
        localPorts.set(localPort);
    }

    /** Forgets closes too old to have a row left, and prepares {@link #mayMatch} for this scan. */
    void expire(long nowMillis) {
        localPorts.clear();
        for (int slot = 0; slot < kinds.length; slot++) {
            if (hosts[slot] == null) {
                continue;
            }
            if (nowMillis - closedAt[slot] > WINDOW_MILLIS) {
                remove(slot);
            } else {
                localPorts.set(ports[slot] >>> 16);
            }
        }
        if (size < kinds.length / 4 && kinds.length > FIRST_LENGTH) {
            resize(kinds.length / 2); // a past burst does not keep its arrays
        }
    }

    /** Whether a row may be one of ours, from the columns the table reader decides on before decoding a row. */
    boolean mayMatch(TcpState state, long inode, int localPort) {
        return inode == 0 && isActiveCloseEnd(state) && localPorts.get(localPort);
    }

    /** Whether {@link #mayMatch} may say yes to a TIME_WAIT row: false without a recent close. */
    boolean mayMatchTimeWait() {
        return !localPorts.isEmpty();
    }

    /** The close of the connection in {@code row}, or null when we did not close it. */
    ActiveClose match(TcpRow row) {
        return match(row.state(), row.inode(), row.localPort(), row.remoteHost(), row.remotePort());
    }

    ActiveClose match(TcpState state, long inode, int localPort, String remoteHost, int remotePort) {
        if (!mayMatch(state, inode, localPort)) {
            return null;
        }
        int slot = find(localPort << 16 | remotePort, remoteHost);
        if (slot < 0) {
            return null;
        }
        ActiveClose close = made[slot];
        if (close == null) {
            close = new ActiveClose(kinds[slot], ports[slot] >>> 16, hosts[slot], ports[slot] & 0xffff,
                    closedAt[slot], allocations[slot], closeStacks[slot]);
            made[slot] = close;
        }
        return close;
    }

    /** The rows of {@code rows} that connections we closed left behind. */
    List<Lingering> lingering(List<TcpRow> rows) {
        List<Lingering> found = new ArrayList<>();
        for (TcpRow row : rows) {
            ActiveClose close = match(row);
            if (close != null) {
                found.add(new Lingering(close, row.state()));
            }
        }
        return found;
    }

    /** How many closes are kept. */
    int size() {
        return size;
    }

    /** The states the side that closes first goes through after its fd is gone. */
    private static boolean isActiveCloseEnd(TcpState state) {
        return state == TcpState.TIME_WAIT || state == TcpState.FIN_WAIT2 || state == TcpState.FIN_WAIT1
                || state == TcpState.CLOSING;
    }

    /** The slot of the close of this 4-tuple (the local address is not part of it: a SocketImpl keeps only the port). */
    private int find(int key, String host) {
        if (index.length == 0) {
            return -1;
        }
        int mask = index.length - 1;
        for (int i = home(key, host, mask); index[i] != 0; i = (i + 1) & mask) {
            int slot = index[i] - 1;
            if (ports[slot] == key && host.equals(hosts[slot])) {
                return slot;
            }
        }
        return -1;
    }

    /** Both ports whole in the key: the tuples of one peer never collide before the mix. */
    private static int home(int key, String host, int mask) {
        int h = (key ^ host.hashCode() * 31) * 0x9E3779B9;
        return (h ^ h >>> 16) & mask;
    }

    private void index(int slot) {
        int mask = index.length - 1;
        int i = home(ports[slot], hosts[slot], mask);
        while (index[i] != 0) {
            i = (i + 1) & mask;
        }
        index[i] = slot + 1;
    }

    /** Empties {@code slot}; its index entry goes, and the entries probed past it move back (no tombstones). */
    private void remove(int slot) {
        int mask = index.length - 1;
        int i = home(ports[slot], hosts[slot], mask);
        while (index[i] != slot + 1) {
            i = (i + 1) & mask;
        }
        index[i] = 0;
        for (int j = (i + 1) & mask; index[j] != 0; j = (j + 1) & mask) {
            int wanted = home(ports[index[j] - 1], hosts[index[j] - 1], mask);
            // the entry at j may move to the hole at i unless its home lies cyclically in (i, j]
            boolean staysPut = i <= j ? i < wanted && wanted <= j : i < wanted || wanted <= j;
            if (!staysPut) {
                index[i] = index[j];
                index[j] = 0;
                i = j;
            }
        }
        kinds[slot] = null;
        hosts[slot] = null;
        allocations[slot] = null;
        closeStacks[slot] = null;
        made[slot] = null;
        size--;
    }

    /** New arrays of {@code length} slots holding the kept closes oldest first, and a new index. */
    private void resize(int length) {
        SocketKind[] k = new SocketKind[length];
        int[] p = new int[length];
        String[] h = new String[length];
        long[] t = new long[length];
        AllocationStack[] a = new AllocationStack[length];
        AllocationStack[] c = new AllocationStack[length];
        ActiveClose[] m = new ActiveClose[length];
        int kept = 0;
        for (int n = 0; n < kinds.length; n++) {
            int slot = (next + n) % kinds.length;
            if (hosts[slot] != null) {
                k[kept] = kinds[slot];
                p[kept] = ports[slot];
                h[kept] = hosts[slot];
                t[kept] = closedAt[slot];
                a[kept] = allocations[slot];
                c[kept] = closeStacks[slot];
                m[kept] = made[slot];
                kept++;
            }
        }
        kinds = k;
        ports = p;
        hosts = h;
        closedAt = t;
        allocations = a;
        closeStacks = c;
        made = m;
        next = kept % length;
        index = new int[length * 2];
        for (int slot = 0; slot < kept; slot++) {
            index(slot);
        }
    }
}
