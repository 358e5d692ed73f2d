package io.sockwatch.agent.correlation;

import io.sockwatch.agent.kernel.IpText;
import io.sockwatch.agent.registry.AllocationStack;
import io.sockwatch.agent.registry.SocketKind;

/** A connection this process closed, with both stacks resolved: what a TIME_WAIT row of ours is matched to. Immutable. */
public final class ActiveClose {
    private final SocketKind kind;
    private final int localPort;
    private final String remoteHost;
    private final int remotePort;
    private final long closedAtMillis;
    private final AllocationStack allocation;
    private final AllocationStack closeStack;

    ActiveClose(SocketKind kind, int localPort, String remoteHost, int remotePort, long closedAtMillis,
                AllocationStack allocation, AllocationStack closeStack) {
        this.kind = kind;
        this.localPort = localPort;
        this.remoteHost = remoteHost;
        this.remotePort = remotePort;
        this.closedAtMillis = closedAtMillis;
        this.allocation = allocation;
        this.closeStack = closeStack;
    }

    public SocketKind kind() {
        return kind;
    }

    int localPort() {
        return localPort;
    }

    public String remoteHost() {
        return remoteHost;
    }

    public int remotePort() {
        return remotePort;
    }

    /** "ip:port" of the peer. */
    public String remote() {
        return IpText.endpoint(remoteHost, remotePort);
    }

    public long closedAtMillis() {
        return closedAtMillis;
    }

    public AllocationStack allocation() {
        return allocation;
    }

    /** The stack of the {@code close()} call; {@link AllocationStack#NOT_SAMPLED} when the budget skipped it. */
    public AllocationStack closeStack() {
        return closeStack;
    }
}
