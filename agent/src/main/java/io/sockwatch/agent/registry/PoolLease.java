package io.sockwatch.agent.registry;

/**
 * A connection a pool lent to the application and has not taken back: who borrowed it, when, and where. Also
 * stands for a connection that went back idle whose socket the pool's hook could not find (a JDBC connection
 * reaches its socket only through private fields): the scanner finds it and marks the socket idle.
 */
public final class PoolLease {
    /** The pool's class, e.g. {@code redis.clients.jedis.JedisPool}. */
    public final String pool;
    public final long sinceMillis;
    /** The borrowing thread; null for an idle return. */
    public final ThreadUse borrower;
    /** True for an idle return, see above. */
    final boolean idle;
    /** An {@link UnresolvedStack} until resolved, then an {@link AllocationStack}; null when not captured. */
    private volatile Object borrow;

    PoolLease(String pool, long sinceMillis, ThreadUse borrower, UnresolvedStack borrow, boolean idle) {
        this.pool = pool;
        this.sinceMillis = sinceMillis;
        this.borrower = borrower;
        this.borrow = borrow;
        this.idle = idle;
    }

    /** The stack of the borrow, resolved on first call; {@link AllocationStack#NOT_SAMPLED} when not captured. */
    public AllocationStack borrow(StackTable table) {
        Object b = borrow;
        if (b == null) {
            return AllocationStack.NOT_SAMPLED;
        }
        if (b instanceof AllocationStack) {
            return (AllocationStack) b;
        }
        AllocationStack stack = table.resolve((Throwable) b);
        borrow = stack;
        return stack;
    }
}
