package io.sockwatch.agent.report;

import io.sockwatch.agent.kernel.TcpState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Unattributed sockets (no record: opened before sockwatch started, or natively) of one state between the same
 * endpoints, as {@code ss} would show them side by side: accepted connections share their local port and vary in the
 * peer's port; outgoing ones share the peer and vary in the local port. The varying port is written {@code *}.
 * Immutable; the text and HTML reports print one line per group, the JSON report one entry per socket as well.
 */
public final class UnattributedGroup {
    /** Written for a port that varies within a group. */
    static final String ANY_PORT = "*";

    public final TcpState state;
    /** {@code 127.0.0.1:8080} for connections accepted there; {@code 127.0.0.1:*} for outgoing ones. */
    public final String local;
    /** {@code 10.0.0.5:5432} for outgoing connections; {@code 10.0.0.7:*} for accepted ones. */
    public final String remote;
    /** Sockets accepted on {@link #local}'s port (true), or connected to {@link #remote} (false). */
    public final boolean accepted;
    public final List<SocketSnapshot> sockets;

    private UnattributedGroup(TcpState state, String local, String remote, boolean accepted,
                              List<SocketSnapshot> sockets) {
        this.state = state;
        this.local = local;
        this.remote = remote;
        this.accepted = accepted;
        this.sockets = Collections.unmodifiableList(sockets);
    }

    /**
     * {@code unattributed} grouped, the most sockets first. A socket is taken as accepted when another one has its
     * local endpoint and none its peer's (many clients, one listening port); otherwise as outgoing. A lone socket
     * keeps both ports.
     */
    static List<UnattributedGroup> of(List<SocketSnapshot> unattributed) {
        Map<String, Integer> locals = new HashMap<>();
        Map<String, Integer> remotes = new HashMap<>();
        for (SocketSnapshot s : unattributed) {
            Counts.add(locals, s.local, 1);
            Counts.add(remotes, s.remote, 1);
        }
        Map<List<Object>, List<SocketSnapshot>> byKey = new LinkedHashMap<>();
        for (SocketSnapshot s : unattributed) {
            boolean accepted = locals.get(s.local) > 1 && remotes.get(s.remote) == 1;
            boolean outgoing = remotes.get(s.remote) > 1;
            String local = outgoing ? anyPort(s.local) : s.local;
            String remote = accepted ? anyPort(s.remote) : s.remote;
            List<Object> key = List.of(s.state, local, remote, accepted);
            List<SocketSnapshot> group = byKey.get(key); // not computeIfAbsent: see Counts on lambdas at exit
            if (group == null) {
                group = new ArrayList<>();
                byKey.put(key, group);
            }
            group.add(s);
        }
        List<UnattributedGroup> groups = new ArrayList<>();
        for (Map.Entry<List<Object>, List<SocketSnapshot>> e : byKey.entrySet()) {
            List<Object> key = e.getKey();
            groups.add(new UnattributedGroup((TcpState) key.get(0), (String) key.get(1), (String) key.get(2),
                    (Boolean) key.get(3), e.getValue()));
        }
        groups.sort(new MostSocketsFirst());
        return groups;
    }

    private static final class MostSocketsFirst implements Comparator<UnattributedGroup> {
        @Override
        public int compare(UnattributedGroup a, UnattributedGroup b) {
            return Integer.compare(b.sockets.size(), a.sockets.size());
        }
    }

    /** The longest any of them has been seen in {@link #state} at {@code nowMillis}. */
    public long oldestMillis(long nowMillis) {
        long since = Long.MAX_VALUE;
        for (SocketSnapshot s : sockets) {
            since = Math.min(since, s.stateSinceMillis);
        }
        return nowMillis - since;
    }

    /** The shortest any of them has been seen in {@link #state} at {@code nowMillis}. */
    public long youngestMillis(long nowMillis) {
        long since = Long.MIN_VALUE;
        for (SocketSnapshot s : sockets) {
            since = Math.max(since, s.stateSinceMillis);
        }
        return nowMillis - since;
    }

    public long minRxQueue() {
        long min = Long.MAX_VALUE;
        for (SocketSnapshot s : sockets) {
            min = Math.min(min, s.rxQueue);
        }
        return min;
    }

    public long maxRxQueue() {
        long max = 0;
        for (SocketSnapshot s : sockets) {
            max = Math.max(max, s.rxQueue);
        }
        return max;
    }

    /** Unattributed sockets per state, for the reports' totals. */
    static Map<TcpState, Integer> states(List<UnattributedGroup> groups) {
        Map<TcpState, Integer> states = new EnumMap<>(TcpState.class);
        for (UnattributedGroup g : groups) {
            Integer before = states.get(g.state);
            states.put(g.state, before == null ? g.sockets.size() : before + g.sockets.size());
        }
        return states;
    }

    /** {@code 127.0.0.1:8080} → {@code 127.0.0.1:*}, {@code [::1]:8080} → {@code [::1]:*}. */
    private static String anyPort(String address) {
        int colon = address.lastIndexOf(':');
        return colon < 0 ? address : address.substring(0, colon + 1) + ANY_PORT;
    }
}
