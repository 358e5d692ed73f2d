package io.sockwatch.agent.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sockets opened at the same site (first application frame): leaked ones (in CLOSE_WAIT, or stalled readers), or
 * half-closed ones.
 */
public final class LeakGroup {
    /** Biggest group first. */
    public static final Comparator<LeakGroup> MOST_SOCKETS_FIRST = new MostSocketsFirst();

    public final String site;
    /** Whether these are stalled readers (unread data, nobody reading) rather than CLOSE_WAIT sockets. */
    public final boolean stalled;
    public final List<SocketSnapshot> sockets;
    /** Set when these are connections a starved server never got to (thread-pool starvation); otherwise null. */
    public final WaitingForWorkers waitingForWorkers;

    public LeakGroup(String site, boolean stalled, List<SocketSnapshot> sockets) {
        this(site, stalled, sockets, null);
    }

    public LeakGroup(String site, boolean stalled, List<SocketSnapshot> sockets, WaitingForWorkers waitingForWorkers) {
        this.site = site;
        this.stalled = stalled;
        this.sockets = Collections.unmodifiableList(sockets);
        this.waitingForWorkers = waitingForWorkers;
    }

    /** The socket longest in its state; its stack and threads represent the group. */
    public SocketSnapshot oldest() {
        SocketSnapshot oldest = sockets.get(0);
        for (SocketSnapshot s : sockets) {
            if (s.stateSinceMillis < oldest.stateSinceMillis) {
                oldest = s;
            }
        }
        return oldest;
    }

    public Set<String> peers() {
        Set<String> peers = new LinkedHashSet<>();
        for (SocketSnapshot s : sockets) {
            peers.add(s.remote);
        }
        return peers;
    }

    /**
     * The last I/O on the group's sockets, one per thread (by id); for a thread that last used several of them,
     * the socket it still works on, if any.
     */
    public List<LastIo> lastIo() {
        Map<Long, LastIo> byThread = new LinkedHashMap<>();
        for (SocketSnapshot s : sockets) {
            LastIo io = s.lastIo;
            if (io != null) {
                byThread.merge(io.thread.id, io, (known, other) -> known.movedOn ? other : known);
            }
        }
        return new ArrayList<>(byThread.values());
    }

    private static final class MostSocketsFirst implements Comparator<LeakGroup> {
        @Override
        public int compare(LeakGroup a, LeakGroup b) {
            return Integer.compare(b.sockets.size(), a.sockets.size());
        }
    }
}
