package io.sockwatch.agent.kernel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The TCP sockets of this network namespace at one instant, by inode (rows with inode 0 belong to no fd). */
public final class KernelTable {
    private final Map<Long, TcpRow> byInode;
    private final Map<TcpState, Integer> states;

    private KernelTable(Map<Long, TcpRow> byInode, Map<TcpState, Integer> states) {
        this.byInode = byInode;
        this.states = states;
    }

    /** Reads {@code netDir}/tcp and tcp6, normally {@code /proc/self/net}. */
    public static KernelTable read(Path netDir) throws IOException {
        List<TcpRow> rows = ProcNetTcp.read(netDir);
        Map<Long, TcpRow> byInode = new HashMap<>(rows.size() * 2);
        Map<TcpState, Integer> states = new EnumMap<>(TcpState.class);
        for (TcpRow row : rows) {
            states.merge(row.state(), 1, Integer::sum);
            if (row.inode() != 0) {
                byInode.put(row.inode(), row);
            }
        }
        return new KernelTable(byInode, Collections.unmodifiableMap(states));
    }

    /** The row of the socket with this inode, or null. */
    public TcpRow row(long inode) {
        return byInode.get(inode);
    }

    /** Rows per state in the whole network namespace, all processes, TIME_WAIT and request sockets included. */
    public Map<TcpState, Integer> states() {
        return states;
    }

    public Iterable<TcpRow> rows() {
        return byInode.values();
    }
}
