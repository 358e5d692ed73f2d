package io.sockwatch.agent.registry;

import io.sockwatch.agent.kernel.TcpState;

/**
 * What the last scan saw of a socket in the kernel, and since when it has been in that state. Kept per open
 * socket, so it is small: the peer string is shared between sockets (see the scanner), the local address is
 * not kept at all (every scan reads it again).
 */
public final class KernelObservation {
    private final long inode;
    private final TcpState state;
    private final long sinceMillis;
    private final String remote;
    private final long rxQueue;
    private final long txQueue;

    public KernelObservation(long inode, TcpState state, long sinceMillis, String remote, long rxQueue,
                             long txQueue) {
        this.inode = inode;
        this.state = state;
        this.sinceMillis = sinceMillis;
        this.remote = remote;
        this.rxQueue = rxQueue;
        this.txQueue = txQueue;
    }

    public long inode() {
        return inode;
    }

    public TcpState state() {
        return state;
    }

    /** When a scan first saw the socket in {@link #state()}. */
    public long sinceMillis() {
        return sinceMillis;
    }

    public String remote() {
        return remote;
    }

    public long rxQueue() {
        return rxQueue;
    }

    public long txQueue() {
        return txQueue;
    }
}
