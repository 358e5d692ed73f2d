package io.sockwatch.agent.report;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Leaked sockets opened at the same site (first application frame). */
public final class LeakGroup {
    public final String site;
    public final List<SocketSnapshot> sockets;

    LeakGroup(String site, List<SocketSnapshot> sockets) {
        this.site = site;
        this.sockets = Collections.unmodifiableList(sockets);
    }

    /** The socket longest in CLOSE_WAIT; its stack and threads represent the group. */
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

    /** Distinct threads that last did I/O on the group's sockets, by name. */
    public List<ThreadSnapshot> threads() {
        java.util.Map<String, ThreadSnapshot> byName = new java.util.LinkedHashMap<>();
        for (SocketSnapshot s : sockets) {
            for (ThreadSnapshot t : s.threads) {
                byName.putIfAbsent(t.name, t);
            }
        }
        return new java.util.ArrayList<>(byName.values());
    }
}
