package io.sockwatch.agent.correlation;

import io.sockwatch.agent.instrument.Endpoints;
import io.sockwatch.agent.instrument.JdkSocketFields;
import io.sockwatch.agent.kernel.IpText;
import io.sockwatch.agent.registry.SocketRecord;
import java.net.InetAddress;

/**
 * A tracked socket whose JDK object is still reachable, with what that object says now: its ports, to tell its
 * kernel row from a row of a socket that took over a reused fd number, and its addresses, for when it has no row.
 * Immutable.
 */
public final class LiveSocket {
    private final SocketRecord record;
    private final int localPort;
    private final String local;
    private final String remoteHost;
    private final int remotePort;

    /**
     * @param local "ip:port" or "*:port" as the JDK object knows it, null when not bound
     * @param remoteHost the peer host as {@link IpText#host} prints it, null when not connected
     */
    LiveSocket(SocketRecord record, int localPort, String local, String remoteHost, int remotePort) {
        this.record = record;
        this.localPort = localPort;
        this.local = local;
        this.remoteHost = remoteHost;
        this.remotePort = remotePort;
    }

    /**
     * Reads the record's owner, and its fd on the first call; null once the GC reclaimed the owner. The owner is
     * held only while its fields are read.
     */
    public static LiveSocket read(SocketRecord record) {
        Object owner = record.get();
        if (owner == null) {
            return null;
        }
        if (record.fd() == SocketRecord.FD_UNREAD) {
            record.fd(JdkSocketFields.fd(owner));
        }
        Endpoints ends = JdkSocketFields.endpoints(owner);
        int localPort = ends.localPort();
        int remotePort = ends.remotePort();
        String local = localPort == 0 ? null : IpText.endpoint(host(ends.localAddress()), localPort);
        return new LiveSocket(record, localPort, local, remotePort == 0 ? null : host(ends.remoteAddress()),
                remotePort);
    }

    /** The application created the address object, so reading its bytes initialises nothing. */
    private static String host(InetAddress address) {
        return address == null ? "*" : IpText.host(address.getAddress());
    }

    SocketRecord record() {
        return record;
    }

    int localPort() {
        return localPort;
    }

    String local() {
        return local;
    }

    String remoteHost() {
        return remoteHost;
    }

    int remotePort() {
        return remotePort;
    }
}
