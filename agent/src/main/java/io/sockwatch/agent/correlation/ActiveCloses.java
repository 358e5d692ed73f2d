package io.sockwatch.agent.correlation;

import io.sockwatch.agent.kernel.TcpRow;
import io.sockwatch.agent.kernel.TcpState;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The connections this process closed in the last {@link #WINDOW_MILLIS}, by 4-tuple, to name the code behind the
 * namespace's TIME_WAIT and orphaned FIN_WAIT rows, which have no inode and no owner. A row ends at the latest
 * after {@code tcp_fin_timeout} (FIN_WAIT2, 60 s by default) plus TIME_WAIT (60 s, fixed in Linux), so older
 * closes cannot have a row. Bounded to {@link #CAPACITY} closes, the oldest forgotten first. Scanner thread only.
 */
final class ActiveCloses {
    static final long WINDOW_MILLIS = 150_000;
    static final int CAPACITY = 32_768;

    /** Insertion order is close order: a newer close of the same 4-tuple is moved to the end. */
    private final Map<Tuple, ActiveClose> byTuple = new LinkedHashMap<>();
    private final BitSet localPorts = new BitSet(65_536);

    void add(ActiveClose close) {
        Tuple key = new Tuple(close.localPort(), close.remoteHost(), close.remotePort());
        if (byTuple.put(key, close) != null) { // one lookup for a new 4-tuple, the usual case
            byTuple.remove(key);
            byTuple.put(key, close);
        }
        if (byTuple.size() > CAPACITY) {
            Iterator<ActiveClose> oldest = byTuple.values().iterator();
            oldest.next();
            oldest.remove();
        }
        localPorts.set(close.localPort());
    }

    /** Forgets closes too old to have a row left, and prepares {@link #mayMatch} for this scan. */
    void expire(long nowMillis) {
        localPorts.clear();
        for (Iterator<ActiveClose> it = byTuple.values().iterator(); it.hasNext(); ) {
            ActiveClose c = it.next();
            if (nowMillis - c.closedAtMillis() > WINDOW_MILLIS) {
                it.remove();
            } else {
                localPorts.set(c.localPort());
            }
        }
    }

    /** Whether a row may be one of ours, from the columns the table reader decides on before decoding a row. */
    boolean mayMatch(TcpState state, long inode, int localPort) {
        return inode == 0 && isActiveCloseEnd(state) && localPorts.get(localPort);
    }

    /** Whether {@link #mayMatch} may say yes to a TIME_WAIT row: false without a recent close. */
    boolean mayMatchTimeWait() {
        return !localPorts.isEmpty();
    }

    /** The close of the connection in {@code row}, or null when we did not close it. */
    ActiveClose match(TcpRow row) {
        if (!mayMatch(row.state(), row.inode(), row.localPort())) {
            return null;
        }
        return byTuple.get(new Tuple(row.localPort(), row.remoteHost(), row.remotePort()));
    }

    /** The rows of {@code rows} that connections we closed left behind. */
    List<Lingering> lingering(List<TcpRow> rows) {
        List<Lingering> found = new ArrayList<>();
        for (TcpRow row : rows) {
            ActiveClose close = match(row);
            if (close != null) {
                found.add(new Lingering(close, row.state()));
            }
        }
        return found;
    }

    /** The states the side that closes first goes through after its fd is gone. */
    private static boolean isActiveCloseEnd(TcpState state) {
        return state == TcpState.TIME_WAIT || state == TcpState.FIN_WAIT2 || state == TcpState.FIN_WAIT1
                || state == TcpState.CLOSING;
    }

    /** The local address is not part of it: a {@code SocketImpl} keeps only its local port. */
    private static final class Tuple {
        private final int localPort;
        private final String remoteHost;
        private final int remotePort;

        Tuple(int localPort, String remoteHost, int remotePort) {
            this.localPort = localPort;
            this.remoteHost = remoteHost;
            this.remotePort = remotePort;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Tuple)) {
                return false;
            }
            Tuple t = (Tuple) o;
            return localPort == t.localPort && remotePort == t.remotePort && Objects.equals(remoteHost, t.remoteHost);
        }

        /** Both ports whole in the low bits: the tuples of one peer never collide. */
        @Override
        public int hashCode() {
            return (localPort << 16 | remotePort) ^ Objects.hashCode(remoteHost) * 31;
        }
    }
}
