package io.sockwatch.agent.registry;

import io.sockwatch.agent.kernel.TcpState;

/**
 * What the last scan saw of a socket in the kernel, and since when it has been in that state. Kept per open
 * socket, so it is small: the peer host string is shared between sockets (see the scanner), the port kept as a
 * number, and the local address not kept at all (every scan reads it again).
 */
public final class KernelObservation {
    private final long inode;
    private final TcpState state;
    private final long sinceMillis;
    private final String remoteHost;
    private final int remotePort;
    private final int rxQueue;
    private final int txQueue;

    public KernelObservation(long inode, TcpState state, long sinceMillis, String remoteHost, int remotePort,
                             int rxQueue, int txQueue) {
        this.inode = inode;
        this.state = state;
        this.sinceMillis = sinceMillis;
        this.remoteHost = remoteHost;
        this.remotePort = remotePort;
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

    /** {@code ip:port} of the peer, or null when not connected. */
    public String remote() {
        return remoteHost == null ? null : remoteHost + ":" + remotePort;
    }

    /** The peer host exactly as shared by the scanner (compared by identity there). */
    public String remoteHost() {
        return remoteHost;
    }

    public int remotePort() {
        return remotePort;
    }

    public int rxQueue() {
        return rxQueue;
    }

    public int txQueue() {
        return txQueue;
    }
}
