package io.sockwatch.agent.correlation;

import io.sockwatch.agent.instrument.Endpoints;
import io.sockwatch.agent.instrument.JdkSocketFields;
import io.sockwatch.agent.kernel.HostTexts;
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
    private final String localHost;
    private final String remoteHost;
    private final int remotePort;

    /**
     * @param localHost the local host as {@link IpText#host} prints it, or "*"; null when not bound (port 0)
     * @param remoteHost the peer host as {@link IpText#host} prints it, null when not connected
     */
    LiveSocket(SocketRecord record, int localPort, String localHost, String remoteHost, int remotePort) {
        this.record = record;
        this.localPort = localPort;
        this.localHost = localHost;
        this.remoteHost = remoteHost;
        this.remotePort = remotePort;
    }

    /**
     * Reads the record's owner, and its fd on the first call; null once the GC reclaimed the owner. The owner is
     * held only while its fields are read.
     *
     * @param hosts the scanning thread's address texts
     */
    public static LiveSocket read(SocketRecord record, HostTexts hosts) {
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
        return new LiveSocket(record, localPort, localPort == 0 ? null : host(ends.localAddress(), hosts),
                remotePort == 0 ? null : host(ends.remoteAddress(), hosts), remotePort);
    }

    /** The application created the address object, so reading its bytes initialises nothing. */
    private static String host(InetAddress address, HostTexts hosts) {
        return address == null ? "*" : hosts.host(address.getAddress());
    }

    SocketRecord record() {
        return record;
    }

    int localPort() {
        return localPort;
    }

    /** The local host as the JDK object knows it ("*" for none), null when not bound. */
    String localHost() {
        return localHost;
    }

    String remoteHost() {
        return remoteHost;
    }

    int remotePort() {
        return remotePort;
    }
}
