package io.sockwatch.agent.correlation;

import io.sockwatch.agent.kernel.TcpState;

/**
 * A kernel row with no file behind it (TIME_WAIT, orphaned FIN_WAIT1/FIN_WAIT2, CLOSING) whose 4-tuple is a
 * connection this process closed first. Immutable.
 */
public final class Lingering {
    private final ActiveClose close;
    private final TcpState state;

    Lingering(ActiveClose close, TcpState state) {
        this.close = close;
        this.state = state;
    }

    public ActiveClose close() {
        return close;
    }

    public TcpState state() {
        return state;
    }
}
