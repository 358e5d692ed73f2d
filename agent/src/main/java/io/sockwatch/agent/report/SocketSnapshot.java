package io.sockwatch.agent.report;

import io.sockwatch.agent.kernel.TcpState;
import java.util.List;

/** One open socket in a report: tracked since it was opened, or unattributed (seen only in the kernel). */
public final class SocketSnapshot {
    /** A {@code SocketKind} name, or {@code UNATTRIBUTED}. */
    public final String kind;
    public final boolean tracked;
    public final int fd;
    public final long inode;
    public final TcpState state;
    public final String local;
    public final String remote;
    public final long rxQueue;
    public final long txQueue;
    /** 0 when unknown (unattributed sockets). */
    public final long openedAtMillis;
    /** When a scan first saw the socket in {@link #state}. */
    public final long stateSinceMillis;
    public final boolean leak;
    /**
     * A leak of another kind: data sits unread in the receive queue and nobody read for the threshold. Such a
     * connection never reaches CLOSE_WAIT: the peer's FIN waits behind the data it cannot send.
     */
    public final boolean stalled;
    /** Null for unattributed sockets. */
    public final ThreadSnapshot openedBy;
    /** Innermost first, unmodifiable, shared by every socket opened with the same stack; empty for unattributed sockets. */
    public final List<StackTraceElement> allocation;
    /**
     * Empty, unless another thread opened or took the socket for an application call (an exchange of the JDK
     * HttpClient, run on its worker threads): then the stack of that call, whose application frame is the site.
     */
    public final List<StackTraceElement> caller;
    /**
     * The first application frame of {@link #caller}, if any, else of {@link #allocation}, as a stack trace line; or a
     * fallback description.
     */
    public final String site;
    /** Null when no thread did I/O on the socket after it was opened (and for unattributed sockets). */
    public final LastIo lastIo;
    /** For a leaked channel registered with a selector: what the selector knows; otherwise null. */
    public final EventLoop eventLoop;
    /** Set while the socket waits unused in a recognised connection pool (then never a leak); otherwise null. */
    public final IdleInPool idleInPool;
    /** Set while a recognised pool has lent the socket's connection to the application; otherwise null. */
    public final LeasedConnection lease;

    public SocketSnapshot(String kind, boolean tracked, int fd, long inode, TcpState state, String local, String remote,
                   long rxQueue, long txQueue, long openedAtMillis, long stateSinceMillis, boolean leak, boolean stalled,
                   ThreadSnapshot openedBy, List<StackTraceElement> allocation, List<StackTraceElement> caller, String site,
                   LastIo lastIo, EventLoop eventLoop, IdleInPool idleInPool, LeasedConnection lease) {
        this.kind = kind;
        this.tracked = tracked;
        this.fd = fd;
        this.inode = inode;
        this.state = state;
        this.local = local;
        this.remote = remote;
        this.rxQueue = rxQueue;
        this.txQueue = txQueue;
        this.openedAtMillis = openedAtMillis;
        this.stateSinceMillis = stateSinceMillis;
        this.leak = leak;
        this.stalled = stalled;
        this.openedBy = openedBy;
        this.allocation = allocation;
        this.caller = caller;
        this.site = site;
        this.lastIo = lastIo;
        this.eventLoop = eventLoop;
        this.idleInPool = idleInPool;
        this.lease = lease;
    }
}
