package io.sockwatch.agent.instrument;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** Ports and addresses a socket's JDK object holds right now; 0 / null where not bound or connected yet. */
public final class Endpoints {
    static final Endpoints NONE = new Endpoints(null, 0, null, 0);

    private final InetAddress localAddress;
    private final int localPort;
    private final InetAddress remoteAddress;
    private final int remotePort;

    Endpoints(InetAddress localAddress, int localPort, InetAddress remoteAddress, int remotePort) {
        this.localAddress = localAddress;
        this.localPort = localPort;
        this.remoteAddress = remoteAddress;
        this.remotePort = remotePort;
    }

    /** Of the addresses a JDK object holds; null or a non-IP address gives 0 and null. */
    public static Endpoints of(SocketAddress local, SocketAddress remote) {
        InetSocketAddress l = local instanceof InetSocketAddress ? (InetSocketAddress) local : null;
        InetSocketAddress r = remote instanceof InetSocketAddress ? (InetSocketAddress) remote : null;
        return new Endpoints(l == null ? null : l.getAddress(), l == null ? 0 : l.getPort(),
                r == null ? null : r.getAddress(), r == null ? 0 : r.getPort());
    }

    /** Null when the JDK object does not know its local address (SocketImpl keeps only the port). */
    public InetAddress localAddress() {
        return localAddress;
    }

    public int localPort() {
        return localPort;
    }

    public InetAddress remoteAddress() {
        return remoteAddress;
    }

    public int remotePort() {
        return remotePort;
    }
}
