package io.sockwatch.agent.registry;

import java.util.concurrent.atomic.LongAdder;

/**
 * Failures inside sockwatch that it swallowed so the application never sees them. Counted and shown in
 * every report; recording one is lock-free and does no I/O, so hooks on application threads may call it.
 */
public final class InternalErrors {
    private final LongAdder count = new LongAdder();
    private volatile String last;

    public void record(String where, Throwable error) {
        count.increment();
        last = where + ": " + error;
    }

    public long count() {
        return count.sum();
    }

    /** The most recent error, or null if there was none. */
    public String last() {
        return last;
    }
}
