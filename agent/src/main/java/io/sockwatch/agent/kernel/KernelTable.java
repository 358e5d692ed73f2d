package io.sockwatch.agent.kernel;

import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One read of the TCP sockets of this network namespace: the rows a {@link RowFilter} wanted, and how many rows
 * of all were in each state. Immutable.
 */
public final class KernelTable {
    private final List<TcpRow> rows;
    private final Map<Long, TcpRow> byInode;
    private final Map<TcpState, Integer> states;

    /** @param stateCounts rows per state, indexed by {@link TcpState#ordinal()} */
    KernelTable(List<TcpRow> rows, int[] stateCounts) {
        this.rows = Collections.unmodifiableList(rows);
        Map<Long, TcpRow> byInode = new HashMap<>(rows.size() * 2);
        for (TcpRow row : rows) {
            if (row.inode() != 0) { // inode 0 is no socket's key: TIME_WAIT, request socks, orphans
                byInode.put(row.inode(), row);
            }
        }
        this.byInode = byInode;
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
        return byInode.get(inode);
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
