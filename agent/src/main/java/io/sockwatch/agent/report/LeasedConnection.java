package io.sockwatch.agent.report;

import java.util.List;

/** A socket whose connection a recognised pool lent to the application and has not taken back. */
public final class LeasedConnection {
    /** The pool's class, e.g. {@code org.apache.http.impl.conn.CPool}. */
    public final String pool;
    public final long sinceMillis;
    /** The stack of the borrow, innermost first; empty when not captured (the socket's own site stands then). */
    public final List<StackTraceElement> borrow;
    /** The first application frame of {@link #borrow}: the line that borrowed the connection. */
    public final String site;
    public final ThreadSnapshot borrower;

    public LeasedConnection(String pool, long sinceMillis, List<StackTraceElement> borrow, String site,
                     ThreadSnapshot borrower) {
        this.pool = pool;
        this.sinceMillis = sinceMillis;
        this.borrow = borrow;
        this.site = site;
        this.borrower = borrower;
    }
}
