package io.sockwatch.agent.registry;

import io.sockwatch.agent.kernel.TcpState;

/**
 * What the last scan saw of a socket in the kernel, and since when it has been in that state. Kept per open
 * socket, and replaced only when something in it changed; the host strings are shared between sockets (see the
 * correlation's PeerHosts). The {@code ip:port} texts are made when asked for, not kept: two strings per socket
 * were ~110 B of every open socket's heap, for text only a report reads.
 */
public final class KernelObservation {
    private final long inode;
    private final TcpState state;
    private final long sinceMillis;
    private final String remoteHost;
    private final int remotePort;
    private final int rxQueue;
    private final int txQueue;
    private final boolean rowMissing;
    private final String localHost;
    private final int localPort;

    /**
     * @param rowMissing the last scan found the socket's fd but no row: /proc is read page by page, not
     *     atomically, so one missing row is not yet taken for a change of state
     * @param localHost the local host of the socket's row, else as the JDK object knows it ("*" when it knows no
     *     address), null when unknown
     */
    public KernelObservation(long inode, TcpState state, long sinceMillis, String remoteHost, int remotePort,
                             int rxQueue, int txQueue, boolean rowMissing, String localHost, int localPort) {
        this.inode = inode;
        this.state = state;
        this.sinceMillis = sinceMillis;
        this.remoteHost = remoteHost;
        this.remotePort = remotePort;
        this.rxQueue = rxQueue;
        this.txQueue = txQueue;
        this.rowMissing = rowMissing;
        this.localHost = localHost;
        this.localPort = localPort;
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

    /** {@code ip:port} of the socket's row, else as the JDK object knows it; null when unknown. */
    public String local() {
        return localHost == null ? null : localHost + ":" + localPort;
    }

    /** The local host as {@link #local()} prints it, shared; null when unknown. */
    public String localHost() {
        return localHost;
    }

    public int localPort() {
        return localPort;
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

    public boolean rowMissing() {
        return rowMissing;
    }

    /**
     * Whether this observation has these fields of a TCP table row (the hosts aside): a scan makes no new
     * observation, nor even a row, for a socket whose row is the one it saw last.
     */
    public boolean hasRow(long inode, TcpState state, int localPort, int remotePort, int txQueue, int rxQueue,
                          boolean rowMissing) {
        return this.inode == inode && this.state == state && this.localPort == localPort
                && this.remotePort == remotePort && this.txQueue == txQueue && this.rxQueue == rxQueue
                && this.rowMissing == rowMissing;
    }

    /** This observation, kept through a scan that did not find its row. */
    public KernelObservation missedOnce() {
        return new KernelObservation(inode, state, sinceMillis, remoteHost, remotePort, rxQueue, txQueue, true, localHost,
                localPort);
    }
}
