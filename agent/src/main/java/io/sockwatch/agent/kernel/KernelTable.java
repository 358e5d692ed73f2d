package io.sockwatch.agent.kernel;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One read of the TCP sockets of this network namespace: the rows a {@link RowFilter} wanted, and how many rows
 * of all were in each state. Immutable.
 */
public final class KernelTable {
    private final List<TcpRow> rows;
    /** Rows by inode, open addressing on primitive keys (0: empty), at most half full: no boxed key per row. */
    private final long[] inodes;
    private final TcpRow[] byInode;
    private final Map<TcpState, Integer> states;

    /** @param stateCounts rows per state, indexed by {@link TcpState#ordinal()} */
    KernelTable(List<TcpRow> rows, int[] stateCounts) {
        this.rows = Collections.unmodifiableList(rows);
        int slots = Integer.highestOneBit(2 * rows.size() + 1) << 1;
        this.inodes = new long[slots];
        this.byInode = new TcpRow[slots];
        for (TcpRow row : rows) {
            if (row.inode() > 0) { // inode 0 is no socket's key: TIME_WAIT, request socks, orphans
                int slot = slot(row.inode());
                inodes[slot] = row.inode();
                byInode[slot] = row; // a later row of the same inode wins, as in a map
            }
        }
        Map<TcpState, Integer> states = new EnumMap<>(TcpState.class);
        for (TcpState state : TcpState.values()) {
            if (stateCounts[state.ordinal()] > 0) {
                states.put(state, stateCounts[state.ordinal()]);
            }
        }
        this.states = Collections.unmodifiableMap(states);
    }

    /** The wanted row of the socket with this inode, or null. */
    public TcpRow row(long inode) {
        return inode > 0 ? byInode[slot(inode)] : null;
    }

    /** The slot holding {@code inode}, or the empty slot where it belongs. */
    private int slot(long inode) {
        int mask = inodes.length - 1;
        int i = (int) (inode * 0x9E3779B97F4A7C15L >>> 32) & mask;
        while (inodes[i] != 0 && inodes[i] != inode) {
            i = (i + 1) & mask;
        }
        return i;
    }

    /** Rows per state in the whole network namespace, all processes, TIME_WAIT and request sockets included. */
    public Map<TcpState, Integer> states() {
        return states;
    }

    /** The wanted rows, in file order (tcp, then tcp6). */
    public List<TcpRow> rows() {
        return rows;
    }
}
