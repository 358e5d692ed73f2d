package io.sockwatch.agent.registry;

import java.lang.ref.WeakReference;

/**
 * A thread that opened or did I/O on sockets, identified by its id: names repeat (every virtual thread is
 * named ""). Holds the thread weakly, so a record never keeps a finished thread (and its thread-locals) alive.
 * One instance per thread is shared by every record it opened or used, and only records hold it strongly.
 */
public final class ThreadUse {
    private static final String VIRTUAL_THREAD_CLASS = "java.lang.VirtualThread";

    private final WeakReference<Thread> thread;
    private final long id;
    private final String name;
    private final boolean virtual;
    /** The record this thread did I/O on last. Written by this thread only; the scanner may read it one use late. */
    SocketRecord lastRecord;
    /** This thread's key into the registry, used by this thread only, pointing at nothing between uses. */
    final SocketRecord.Lookup lookup = new SocketRecord.Lookup(null);
    /** This thread's own xorshift state for {@link #oneIn}; written by this thread only. */
    private int draws;
    /** {@link #pool()}, computed on first need: most threads never need it. Racy but idempotent. */
    private String pool;

    ThreadUse(Thread thread) {
        this.thread = new WeakReference<>(thread);
        this.id = thread.getId();
        this.name = thread.getName();
        this.virtual = thread.getClass().getName().equals(VIRTUAL_THREAD_CLASS); // Thread.isVirtual() is Java 21
    }

    /**
     * True about once in {@code n} calls, drawn by the current thread (this one's) without a shared write or
     * {@code ThreadLocalRandom}, whose per-thread sequence is the application's.
     */
    boolean oneIn(int n) {
        return Integer.remainderUnsigned(draw(), n) == 0;
    }

    /** A pseudo-random int of this thread's own sequence; for the current thread (this one) only. */
    int draw() {
        int x = draws == 0 ? (int) (id * 0x9E3779B97F4A7C15L >>> 32) | 1 : draws;
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        draws = x;
        return x;
    }

    /** The thread, or null once it has terminated and been collected. */
    public Thread thread() {
        return thread.get();
    }

    public long id() {
        return id;
    }

    /** The current name, or the name it had when first seen once the thread is gone. */
    public String name() {
        Thread t = thread.get();
        return t != null ? t.getName() : name;
    }

    public boolean isVirtual() {
        return virtual;
    }

    /**
     * The pool this thread belongs to, as far as its first name tells: the name with each run of digits replaced by
     * {@code #} ({@code pool-3-thread-12} is {@code pool-#-thread-#}). Thread pools number their threads, and a
     * busy client's sockets are opened by any thread of its pool, so this is what such threads share.
     */
    public String pool() {
        String p = pool;
        if (p == null) {
            p = poolOf(name);
            pool = p;
        }
        return p;
    }

    static String poolOf(String threadName) {
        StringBuilder b = new StringBuilder(threadName.length());
        for (int i = 0; i < threadName.length(); i++) {
            char c = threadName.charAt(i);
            if (!isDigit(c)) {
                b.append(c);
            } else if (i == 0 || !isDigit(threadName.charAt(i - 1))) {
                b.append('#');
            }
        }
        return b.toString();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Whether {@code record} is the socket this thread did I/O on last (so its current stack is about it). */
    public boolean lastUsed(SocketRecord record) {
        return lastRecord == record;
    }
}
