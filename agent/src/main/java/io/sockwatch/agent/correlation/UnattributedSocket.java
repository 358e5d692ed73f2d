package io.sockwatch.agent.correlation;

import io.sockwatch.agent.kernel.TcpRow;

/**
 * A CLOSE_WAIT socket of this process that no record claims: opened before sockwatch started, or by native code.
 * Immutable.
 */
public final class UnattributedSocket {
    private final int fd;
    private final TcpRow row;
    private final long sinceMillis;

    UnattributedSocket(int fd, TcpRow row, long sinceMillis) {
        this.fd = fd;
        this.row = row;
        this.sinceMillis = sinceMillis;
    }

    /** The lowest fd of this process that refers to the socket. */
    public int fd() {
        return fd;
    }

    public TcpRow row() {
        return row;
    }

    /** When a scan first saw it in CLOSE_WAIT. */
    public long sinceMillis() {
        return sinceMillis;
    }
}
