package io.sockwatch.agent.kernel;

import java.util.Objects;

/** One row of /proc/net/tcp or /proc/net/tcp6, its addresses kept as text (see {@link IpText}). Immutable. */
public final class TcpRow {
    private final long inode;
    private final TcpState state;
    private final String localHost;
    private final int localPort;
    private final String remoteHost;
    private final int remotePort;
    private final long txQueue;
    private final long rxQueue;
    private final int uid;

    /**
     * @param inode socket inode; 0 for sockets no file refers to (TIME_WAIT, request socks, orphans,
     *     connections still in a listener's accept queue)
     * @param localHost address as {@link IpText#host} prints it
     * @param txQueue bytes sent but not yet acknowledged (a pending SYN or FIN counts as one)
     * @param rxQueue for LISTEN: connections waiting in the accept queue; otherwise bytes received but
     *     not yet read (a received FIN counts as one, so a drained CLOSE_WAIT socket shows 1)
     * @param uid owner uid, an unsigned 32-bit value as the kernel prints it
     */
    TcpRow(long inode, TcpState state, String localHost, int localPort, String remoteHost, int remotePort,
           long txQueue, long rxQueue, int uid) {
        this.inode = inode;
        this.state = Objects.requireNonNull(state, "state");
        this.localHost = Objects.requireNonNull(localHost, "localHost");
        this.localPort = localPort;
        this.remoteHost = Objects.requireNonNull(remoteHost, "remoteHost");
        this.remotePort = remotePort;
        this.txQueue = txQueue;
        this.rxQueue = rxQueue;
        this.uid = uid;
    }

    public long inode() {
        return inode;
    }

    public TcpState state() {
        return state;
    }

    /** "127.0.0.1" or "[::1]". */
    public String localHost() {
        return localHost;
    }

    public int localPort() {
        return localPort;
    }

    /** The remote address, as {@link #localHost()}. */
    public String remoteHost() {
        return remoteHost;
    }

    public int remotePort() {
        return remotePort;
    }

    public long txQueue() {
        return txQueue;
    }

    public long rxQueue() {
        return rxQueue;
    }

    /** Owner uid; read it with {@link Integer#toUnsignedLong(int)} to see uids above 2^31-1. */
    public int uid() {
        return uid;
    }

    /**
     * "ip:port"; IPv4 and IPv4-mapped IPv6 (::ffff:a.b.c.d) print as plain dotted IPv4 "127.0.0.1:8080";
     * other IPv6 as "[::1]:8080" (compressed form, lowercase).
     */
    public String local() {
        return IpText.endpoint(localHost, localPort);
    }

    /** The remote end, formatted like {@link #local()}. */
    public String remote() {
        return IpText.endpoint(remoteHost, remotePort);
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof TcpRow)) {
            return false;
        }
        TcpRow that = (TcpRow) other;
        return inode == that.inode
                && state == that.state
                && localHost.equals(that.localHost)
                && localPort == that.localPort
                && remoteHost.equals(that.remoteHost)
                && remotePort == that.remotePort
                && txQueue == that.txQueue
                && rxQueue == that.rxQueue
                && uid == that.uid;
    }

    @Override
    public int hashCode() {
        return Objects.hash(inode, state, localHost, localPort, remoteHost, remotePort, txQueue, rxQueue, uid);
    }

    @Override
    public String toString() {
        return "TcpRow[" + state + ' ' + local() + " -> " + remote()
                + " inode=" + inode
                + " tx=" + txQueue
                + " rx=" + rxQueue
                + " uid=" + Integer.toUnsignedString(uid) + ']';
    }
}
