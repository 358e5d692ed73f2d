package io.sockwatch.agent.correlation;

import io.sockwatch.agent.kernel.KernelTable;
import io.sockwatch.agent.kernel.TcpRow;
import io.sockwatch.agent.registry.KernelObservation;
import io.sockwatch.agent.registry.SocketRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reclaimed records whose kernel socket outlives them: a SocketChannel has no cleaner, so its fd stays open after
 * the GC. Keyed by inode, so the still-open socket keeps its allocation site instead of turning unattributed.
 * Used by the scanning thread only.
 */
final class Orphans {
    private static final int MAX_ORPHANS = 10_000;

    private final Map<Long, Orphan> byInode = new HashMap<>();

    void add(long inode, SocketRecord record) {
        if (byInode.size() < MAX_ORPHANS) {
            byInode.put(inode, new Orphan(record, false));
        }
    }

    void addInodesTo(InodeMap wanted) {
        for (Long inode : byInode.keySet()) {
            wanted.add(inode);
        }
    }

    int size() {
        return byInode.size();
    }

    /**
     * Updates each orphan from its row and returns those the kernel still has. Forgets orphans a live socket
     * claims (the inode was reused) and those whose row is missing from two consecutive scans; one missing row
     * keeps the orphan and its last observation.
     */
    List<SocketRecord> observe(KernelTable table, InodeMap claimed, PeerHosts peers, long nowMillis) {
        List<SocketRecord> found = new ArrayList<>();
        for (Iterator<Map.Entry<Long, Orphan>> it = byInode.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Orphan> e = it.next();
            Orphan orphan = e.getValue();
            if (claimed.contains(e.getKey())) {
                it.remove();
                continue;
            }
            SocketRecord r = orphan.record;
            KernelObservation before = r.kernel();
            TcpRow row = table.row(e.getKey());
            if (row == null) {
                if (orphan.missed) {
                    it.remove();
                    continue;
                }
                e.setValue(new Orphan(r, true));
                if (before != null) {
                    found.add(r);
                }
            } else {
                long since = before != null && before.state() == row.state() ? before.sinceMillis() : nowMillis;
                r.observe(new KernelObservation(row.inode(), row.state(), since, peers.share(row.remoteHost()),
                        row.remotePort(), (int) row.rxQueue(), (int) row.txQueue(), false,
                        peers.share(row.localHost()), row.localPort()));
                e.setValue(new Orphan(r, false));
                found.add(r);
            }
            claimed.add(e.getKey());
        }
        return found;
    }

    /** {@code missed} when the last scan did not find the row. */
    private static final class Orphan {
        final SocketRecord record;
        final boolean missed;

        Orphan(SocketRecord record, boolean missed) {
            this.record = record;
            this.missed = missed;
        }
    }
}
