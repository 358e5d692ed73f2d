package io.sockwatch.agent.correlation;

import io.sockwatch.agent.kernel.KernelTable;
import io.sockwatch.agent.kernel.ProcFds;
import io.sockwatch.agent.kernel.TcpRow;
import io.sockwatch.agent.kernel.TcpState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CLOSE_WAIT sockets of this process that no record claims, with since when each is seen. A socket missing
 * from one scan keeps its clock for the next. Used by the scanning thread only.
 */
final class UnattributedSockets {
    private Map<Long, Seen> seen = new HashMap<>();

    /** @param claimed inodes of live and orphaned records */
    List<UnattributedSocket> observe(KernelTable table, InodeMap claimed, ProcFds fds, long nowMillis) {
        List<TcpRow> candidates = new ArrayList<>();
        for (TcpRow row : table.rows()) {
            if (row.state() == TcpState.CLOSE_WAIT && row.inode() != 0 && !claimed.contains(row.inode())) {
                candidates.add(row);
            }
        }
        // the table is namespace-wide; only this process's fds tell which sockets are ours (a directory listing,
        // so only when there is a candidate)
        Map<Long, Integer> ours = candidates.isEmpty() ? Collections.emptyMap() : fds.socketInodes();
        Map<Long, Seen> next = new HashMap<>();
        List<UnattributedSocket> found = new ArrayList<>();
        for (TcpRow row : candidates) {
            Integer fd = ours.get(row.inode());
            if (fd != null) {
                Seen before = seen.get(row.inode());
                long since = before != null ? before.sinceMillis : nowMillis;
                next.put(row.inode(), new Seen(since, false));
                found.add(new UnattributedSocket(fd, row, since));
            }
        }
        for (Map.Entry<Long, Seen> e : seen.entrySet()) {
            if (!next.containsKey(e.getKey()) && !e.getValue().missed) {
                next.put(e.getKey(), new Seen(e.getValue().sinceMillis, true));
            }
        }
        seen = next;
        return found;
    }

    private static final class Seen {
        final long sinceMillis;
        final boolean missed;

        Seen(long sinceMillis, boolean missed) {
            this.sinceMillis = sinceMillis;
            this.missed = missed;
        }
    }
}
