package io.sockwatch.agent.kernel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The TCP sockets of this network namespace at one instant, by inode (rows with inode 0 belong to no fd). */
public final class KernelTable {
    private final Map<Long, TcpRow> byInode;

    private KernelTable(Map<Long, TcpRow> byInode) {
        this.byInode = byInode;
    }

    /** Reads {@code netDir}/tcp and tcp6, normally {@code /proc/self/net}. */
    public static KernelTable read(Path netDir) throws IOException {
        List<TcpRow> rows = ProcNetTcp.read(netDir);
        Map<Long, TcpRow> byInode = new HashMap<>(rows.size() * 2);
        for (TcpRow row : rows) {
            if (row.inode() != 0) {
                byInode.put(row.inode(), row);
            }
        }
        return new KernelTable(byInode);
    }

    /** The row of the socket with this inode, or null. */
    public TcpRow row(long inode) {
        return byInode.get(inode);
    }

    public Iterable<TcpRow> rows() {
        return byInode.values();
    }
}
