package io.sockwatch.agent.correlation;

import io.sockwatch.agent.kernel.KernelTable;
import io.sockwatch.agent.kernel.ProcFds;
import io.sockwatch.agent.kernel.TcpRow;
import io.sockwatch.agent.kernel.TcpState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CLOSE_WAIT sockets of this process that no record claims, with since when each is seen. A socket missing
 * from one scan keeps its clock for the next. Used by the scanning thread only.
 */
final class UnattributedSockets {
    private Map<Long, Seen> seen = new HashMap<>();
    /**
     * CLOSE_WAIT rows of other processes in the last scan: listing this process's fds (a readlink per fd) found
     * them not ours, and while its row stays the socket stays theirs. Without it, one CLOSE_WAIT socket of a
     * neighbour in the namespace cost every scan a readlink of each of our 10k fds (60 ms of a 120 ms scan).
     */
    private Set<Long> others = new HashSet<>();

    /** @param claimed inodes of live and orphaned records */
    List<UnattributedSocket> observe(KernelTable table, InodeMap claimed, ProcFds fds, long nowMillis) {
        List<TcpRow> candidates = new ArrayList<>();
        for (TcpRow row : table.rows()) {
            if (row.state() == TcpState.CLOSE_WAIT && row.inode() != 0 && !claimed.contains(row.inode())) {
                candidates.add(row);
            }
        }
        // the table is namespace-wide; only this process's fds tell which sockets are ours: a known socket of ours
        // is checked at its fd, one of another process is skipped, any other lists them all (once per scan)
        Map<Long, Integer> ours = null;
        Map<Long, Seen> next = new HashMap<>();
        Set<Long> nextOthers = new HashSet<>();
        List<UnattributedSocket> found = new ArrayList<>();
        for (TcpRow row : candidates) {
            if (others.contains(row.inode())) {
                nextOthers.add(row.inode());
                continue;
            }
            Seen before = seen.get(row.inode());
            int fd = before != null && fds.socketInode(before.fd) == row.inode() ? before.fd : -1;
            if (fd < 0) {
                if (ours == null) {
                    ours = fds.socketInodes();
                }
                Integer listed = ours.get(row.inode());
                fd = listed == null ? -1 : listed;
            }
            if (fd >= 0) {
                long since = before != null ? before.sinceMillis : nowMillis;
                next.put(row.inode(), new Seen(fd, since, false));
                found.add(new UnattributedSocket(fd, row, since));
            } else if (!ours.isEmpty()) { // an empty listing may be a failed one: ask again next scan
                nextOthers.add(row.inode());
            }
        }
        for (Map.Entry<Long, Seen> e : seen.entrySet()) {
            if (!next.containsKey(e.getKey()) && !e.getValue().missed) {
                next.put(e.getKey(), new Seen(e.getValue().fd, e.getValue().sinceMillis, true));
            }
        }
        seen = next;
        others = nextOthers;
        return found;
    }

    private static final class Seen {
        final int fd;
        final long sinceMillis;
        final boolean missed;

        Seen(int fd, long sinceMillis, boolean missed) {
            this.fd = fd;
            this.sinceMillis = sinceMillis;
            this.missed = missed;
        }
    }
}
