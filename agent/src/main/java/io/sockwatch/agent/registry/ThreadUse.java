package io.sockwatch.agent.registry;

import java.lang.ref.WeakReference;

/**
 * A thread that did I/O on a socket. Held weakly: a record must not keep a finished thread (and the
 * thread-locals it carries) alive. One instance per thread is shared by every socket that thread uses.
 */
public final class ThreadUse {
    private final WeakReference<Thread> thread;
    private final String name;

    ThreadUse(Thread thread) {
        this.thread = new WeakReference<>(thread);
        this.name = thread.getName();
    }

    /** The thread, or null once it has terminated and been collected. */
    public Thread thread() {
        return thread.get();
    }

    public String name() {
        Thread t = thread.get();
        return t != null ? t.getName() : name;
    }
}
