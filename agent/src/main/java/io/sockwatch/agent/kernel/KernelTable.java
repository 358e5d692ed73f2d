package io.sockwatch.agent.kernel;

import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One read of the TCP sockets of this network namespace: the rows a {@link RowFilter} wanted, and how many rows
 * of all were in each state. Immutable.
 */
public final class KernelTable {
    private static final Comparator<TcpRow> BY_INODE = new ByInode();

    private final List<TcpRow> rows;
    /** The rows with an inode, by inode (in file order among equal ones): 4 bytes per row, no hash table. */
    private final TcpRow[] byInode;
    private final Map<TcpState, Integer> states;

    /** @param stateCounts rows per state, indexed by {@link TcpState#ordinal()} */
    KernelTable(List<TcpRow> rows, int[] stateCounts) {
        this.rows = Collections.unmodifiableList(rows);
        int withInode = 0;
        for (TcpRow row : rows) {
            if (row.inode() > 0) { // inode 0 is no socket's key: TIME_WAIT, request socks, orphans
                withInode++;
            }
        }
        this.byInode = new TcpRow[withInode];
        int i = 0;
        for (TcpRow row : rows) {
            if (row.inode() > 0) {
                byInode[i++] = row;
            }
        }
        Arrays.sort(byInode, BY_INODE); // stable: equal inodes keep their file order
        Map<TcpState, Integer> states = new EnumMap<>(TcpState.class);
        for (TcpState state : TcpState.values()) {
            if (stateCounts[state.ordinal()] > 0) {
                states.put(state, stateCounts[state.ordinal()]);
            }
        }
        this.states = Collections.unmodifiableMap(states);
    }

    /** The wanted row of the socket with this inode (the last in file order, as a map would keep), or null. */
    public TcpRow row(long inode) {
        int low = 0;
        int high = byInode.length - 1;
        TcpRow found = null;
        while (low <= high && inode > 0) {
            int middle = (low + high) >>> 1;
            long at = byInode[middle].inode();
            if (at < inode) {
                low = middle + 1;
            } else if (at > inode) {
                high = middle - 1;
            } else {
                found = byInode[middle];
                low = middle + 1; // a later one of the same inode wins
            }
        }
        return found;
    }

    /** Rows per state in the whole network namespace, all processes, TIME_WAIT and request sockets included. */
    public Map<TcpState, Integer> states() {
        return states;
    }

    /** The wanted rows, in file order (tcp, then tcp6). */
    public List<TcpRow> rows() {
        return rows;
    }

    private static final class ByInode implements Comparator<TcpRow> {
        @Override
        public int compare(TcpRow a, TcpRow b) {
            return Long.compare(a.inode(), b.inode());
        }
    }
}
