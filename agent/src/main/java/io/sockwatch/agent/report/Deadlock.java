package io.sockwatch.agent.report;

import io.sockwatch.agent.log.Printable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Threads that wait for each other forever, as a cycle: each thread waits for a lock that the next one holds, and the
 * last one for a lock of the first. A socket such a thread holds is never closed. Immutable.
 */
public final class Deadlock {
    private final List<Wait> cycle;

    public Deadlock(List<Wait> cycle) {
        if (cycle.isEmpty()) {
            throw new IllegalArgumentException("a deadlock needs threads");
        }
        this.cycle = List.copyOf(cycle);
    }

    /** Each thread of the cycle, with the lock it waits for and that lock's owner (the next thread). */
    public List<Wait> cycle() {
        return cycle;
    }

    /** Whether the thread of this id (ids unknown: of this name) is in the cycle. */
    public boolean involves(long threadId, String threadName) {
        for (Wait w : cycle) {
            if (w.threadId >= 0 && threadId >= 0 ? w.threadId == threadId : w.thread.equals(threadName)) {
                return true;
            }
        }
        return false;
    }

    /** The block {@code report} and {@code explain} print: a headline, then the cycle, each line ending in '\n'. */
    public String textBlock() {
        return "DEADLOCKED: " + cycle.size() + " threads wait for each other forever; the sockets they hold are never "
                + "closed\n  " + Printable.text(describe()) + '\n';
    }

    /** {@code thread "a" → java.lang.Object@1b6d3586 → thread "b" → ReentrantLock$NonfairSync@4554617c → thread "a"}. */
    public String describe() {
        List<String> steps = new ArrayList<>();
        for (Wait w : cycle) {
            steps.add(label(w.thread, w.threadId));
            steps.add(w.lock);
        }
        steps.add(label(cycle.get(0).thread, cycle.get(0).threadId));
        return String.join(" → ", steps);
    }

    private static String label(String name, long id) {
        return "thread \"" + name + '"' + (id >= 0 ? " #" + id : "");
    }

    /** One thread of a cycle waiting for a lock. Immutable. */
    public static final class Wait {
        public final String thread;
        /** {@link Thread#getId()}, or -1 when the source does not tell (a thread dump's deadlock section). */
        public final long threadId;
        /** The lock as the JVM names it: {@code java.lang.Object@1b6d3586}, or only its class. */
        public final String lock;
        /** Whether the lock is a monitor ({@code synchronized}) rather than a java.util.concurrent lock. */
        public final boolean monitor;

        public Wait(String thread, long threadId, String lock, boolean monitor) {
            this.thread = Objects.requireNonNull(thread, "thread");
            this.threadId = threadId;
            this.lock = Objects.requireNonNull(lock, "lock");
            this.monitor = monitor;
        }
    }
}
