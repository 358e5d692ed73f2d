package io.sockwatch.agent.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Connections closed since the scanner thread last took them (every 50 ms), pushed lock-free by application threads
 * onto a stack of the closes themselves: one compare-and-set per close, no queue node, and no size counter that the
 * closing threads and the scanner would write in turn (the depth an entry is pushed at bounds the log). Bounded:
 * beyond {@link #CAPACITY} closes between two takes the rest are only counted, so it costs at most a few MB (about
 * 80 bytes a close, more with an unresolved stack).
 */
final class CloseLog {
    static final int CAPACITY = 32_768;

    private final AtomicReference<ClosedConnection> newest = new AtomicReference<>();
    private final LongAdder dropped = new LongAdder();

    void add(ClosedConnection closed) {
        ClosedConnection head;
        do {
            head = newest.get();
            int depth = head == null ? 1 : head.depth + 1;
            if (depth > CAPACITY) {
                dropped.increment();
                return;
            }
            closed.below(head, depth);
        } while (!newest.compareAndSet(head, closed));
    }

    /** Oldest first. */
    List<ClosedConnection> drain() {
        ClosedConnection c = newest.getAndSet(null);
        if (c == null) {
            return new ArrayList<>(0);
        }
        List<ClosedConnection> drained = new ArrayList<>(c.depth);
        while (c != null) {
            drained.add(c);
            ClosedConnection older = c.next;
            c.below(null, 0); // a drained close keeps no older one alive
            c = older;
        }
        Collections.reverse(drained);
        return drained;
    }

    boolean isEmpty() {
        return newest.get() == null;
    }

    /** Closes not kept because the log was full, since start. */
    long dropped() {
        return dropped.sum();
    }
}
