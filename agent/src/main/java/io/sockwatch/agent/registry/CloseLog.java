package io.sockwatch.agent.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Connections closed since the scanner thread last took them (every 50 ms), appended lock-free by application
 * threads. Bounded: beyond {@link #CAPACITY} closes between two takes the rest are only counted, so it costs at most
 * a few MB (about 80 bytes a close, more with an unresolved stack).
 */
final class CloseLog {
    static final int CAPACITY = 32_768;

    private final ConcurrentLinkedQueue<ClosedConnection> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final LongAdder dropped = new LongAdder();

    void add(ClosedConnection closed) {
        // a plain read first: while the log is full, dropping must not contend on the counter
        if (size.get() >= CAPACITY) {
            dropped.increment();
            return;
        }
        if (size.incrementAndGet() > CAPACITY) {
            size.decrementAndGet();
            dropped.increment();
            return;
        }
        pending.offer(closed);
    }

    List<ClosedConnection> drain() {
        List<ClosedConnection> drained = new ArrayList<>();
        for (ClosedConnection c; (c = pending.poll()) != null; ) {
            size.decrementAndGet();
            drained.add(c);
        }
        return drained;
    }

    boolean isEmpty() {
        return size.get() == 0;
    }

    /** Closes not kept because the log was full, since start. */
    long dropped() {
        return dropped.sum();
    }
}
