package io.sockwatch.agent.registry;

import java.net.InetAddress;

/**
 * A connected socket the application closed: its ports and peer as the JDK object held them at {@code close()},
 * and both stacks still unresolved. Lives from the close until the scanner thread takes it (see {@link CloseLog}),
 * at most about 50 ms later, and resolves the stacks: an unresolved stack pins the classes of the code that
 * captured it.
 */
public final class ClosedConnection {
    private final SocketKind kind;
    private final int localPort;
    private final InetAddress remoteAddress;
    private final int remotePort;
    private final long closedAtMillis;
    /** As in {@link SocketRecord}: an {@link UnresolvedStack}, an {@link AllocationStack}, or null (not sampled). */
    private final Object allocation;
    private final UnresolvedStack close;
    /** The close {@link CloseLog} took before this one, and how many it held with this one; written before the push. */
    ClosedConnection next;
    int depth;

    ClosedConnection(SocketKind kind, int localPort, InetAddress remoteAddress, int remotePort, long closedAtMillis,
                     Object allocation, UnresolvedStack close) {
        this.kind = kind;
        this.localPort = localPort;
        this.remoteAddress = remoteAddress;
        this.remotePort = remotePort;
        this.closedAtMillis = closedAtMillis;
        this.allocation = allocation;
        this.close = close;
    }

    void below(ClosedConnection next, int depth) {
        this.next = next;
        this.depth = depth;
    }

    public SocketKind kind() {
        return kind;
    }

    public int localPort() {
        return localPort;
    }

    /** The peer's address object as the application's socket held it; null when the JDK object had none. */
    public InetAddress remoteAddress() {
        return remoteAddress;
    }

    public int remotePort() {
        return remotePort;
    }

    /** From the coarse clock (up to 50 ms early). */
    public long closedAtMillis() {
        return closedAtMillis;
    }

    /** The allocation stack, resolved and interned; {@link AllocationStack#NOT_SAMPLED} when none was captured. */
    public AllocationStack allocation(StackTable table) {
        return resolve(allocation, table);
    }

    /** The stack of the {@code close()} call, resolved and interned; {@link AllocationStack#NOT_SAMPLED} if not sampled. */
    public AllocationStack closeStack(StackTable table) {
        return resolve(close, table);
    }

    private static AllocationStack resolve(Object stack, StackTable table) {
        if (stack == null) {
            return AllocationStack.NOT_SAMPLED;
        }
        return stack instanceof AllocationStack ? (AllocationStack) stack : table.resolve((Throwable) stack);
    }
}
