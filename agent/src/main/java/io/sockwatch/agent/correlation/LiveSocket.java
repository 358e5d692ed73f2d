package io.sockwatch.agent.correlation;

import io.sockwatch.agent.instrument.Endpoints;
import io.sockwatch.agent.instrument.JdkSocketFields;
import io.sockwatch.agent.kernel.HostTexts;
import io.sockwatch.agent.kernel.IpText;
import io.sockwatch.agent.registry.SocketRecord;
import java.net.InetAddress;

/**
 * A tracked socket whose JDK object is still reachable, with what that object says now: its ports, to tell its
 * kernel row from a row of a socket that took over a reused fd number, and its addresses, for when it has no row
 * (as text only then: most sockets have a row, and the text of every socket's addresses was garbage each scan).
 * Immutable.
 */
public final class LiveSocket {
    private final SocketRecord record;
    private final Endpoints ends;

    LiveSocket(SocketRecord record, Endpoints ends) {
        this.record = record;
        this.ends = ends;
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
        return new LiveSocket(record, JdkSocketFields.endpoints(owner));
    }

    /** The application created the address object, so reading its bytes initialises nothing. */
    private static String host(InetAddress address, HostTexts hosts) {
        return address == null ? "*" : hosts.host(address.getAddress());
    }

    SocketRecord record() {
        return record;
    }

    int localPort() {
        return ends.localPort();
    }

    /** The local host as {@link IpText#host} prints it ("*" for none), null when not bound (port 0). */
    String localHost(HostTexts hosts) {
        return ends.localPort() == 0 ? null : host(ends.localAddress(), hosts);
    }

    /** The peer host as {@link IpText#host} prints it, null when not connected. */
    String remoteHost(HostTexts hosts) {
        return ends.remotePort() == 0 ? null : host(ends.remoteAddress(), hosts);
    }

    int remotePort() {
        return ends.remotePort();
    }
}
