package io.sockwatch.agent.report;

/**
 * A socket waiting unused in a connection pool: not a leak, even in CLOSE_WAIT, where it stays only until the
 * pool's next lease or idle eviction discards it.
 */
public final class IdleInPool {
    /** The pool's class, e.g. {@code org.apache.http.impl.conn.CPool}. */
    public final String pool;
    public final long sinceMillis;

    public IdleInPool(String pool, long sinceMillis) {
        this.pool = pool;
        this.sinceMillis = sinceMillis;
    }

    /** How the user makes the pool discard such connections sooner. */
    public String evictionHint() {
        if (pool.startsWith("org.apache.http.")) {
            return "HttpClientBuilder.evictIdleConnections(...) or evictExpiredConnections() closes them in the "
                    + "background; setValidateAfterInactivity(...) checks them before reuse";
        }
        if (pool.startsWith("org.apache.hc.")) {
            return "HttpClientBuilder.evictIdleConnections(TimeValue) closes them in the background";
        }
        if (pool.startsWith("okhttp3.")) {
            return "the pool closes connections idle for its keep-alive duration (ConnectionPool(maxIdle, "
                    + "keepAliveDuration, unit), 5 minutes by default)";
        }
        if (pool.equals("sun.net.www.http.KeepAliveCache")) {
            return "the JDK closes them after the server's Keep-Alive timeout, or http.keepAlive.time.server "
                    + "seconds (5 by default)";
        }
        return "configure the pool's idle eviction";
    }
}
