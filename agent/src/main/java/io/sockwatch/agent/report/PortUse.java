package io.sockwatch.agent.report;

import java.util.Collections;
import java.util.Map;

/**
 * One destination (remote ip:port) and the local ports this process's connections to it hold: open client
 * sockets in any state, and the TIME_WAIT and FIN_WAIT rows of those it closed first. Connecting to one
 * destination needs a free ephemeral port per connection, so a destination that holds most of the range is
 * the {@code BindException: Cannot assign requested address} to come. Immutable.
 */
public final class PortUse {
    /** The documented share of the ephemeral range above which a destination is warned about. */
    public static final double WARNING_SHARE = 0.5;

    public final String remote;
    public final int open;
    public final int closing;
    /** Ports in {@code ip_local_port_range}; -1 when unreadable. */
    public final int rangeSize;
    /** Sites that hold the ports ("opened at X" / "closed first at Y") with their number of ports, biggest first. */
    public final Map<String, Integer> sites;

    public PortUse(String remote, int open, int closing, int rangeSize, Map<String, Integer> sites) {
        this.remote = remote;
        this.open = open;
        this.closing = closing;
        this.rangeSize = rangeSize;
        this.sites = Collections.unmodifiableMap(sites);
    }

    public int inUse() {
        return open + closing;
    }

    /** {@link #inUse()} over the range; 0 when the range is unknown. */
    public double share() {
        return rangeSize <= 0 ? 0 : (double) inUse() / rangeSize;
    }

    public boolean warning() {
        return share() > WARNING_SHARE;
    }
}
