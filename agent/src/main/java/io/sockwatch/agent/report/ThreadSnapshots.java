package io.sockwatch.agent.report;

import io.sockwatch.agent.registry.ThreadUse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.AbstractOwnableSynchronizer;
import java.util.concurrent.locks.LockSupport;

/** The threads one scan names, by id, each read once; a stack is taken only for a thread that needs one. */
public final class ThreadSnapshots {
    private final Map<Long, ThreadSnapshot> byId = new LinkedHashMap<>();
    private final Set<Long> waitingForLocks = new HashSet<>();

    public ThreadSnapshot of(ThreadUse use, boolean withStack) {
        ThreadSnapshot known = byId.get(use.id());
        if (known != null && (!withStack || !known.stack.isEmpty())) {
            return known;
        }
        Thread t = use.thread();
        ThreadSnapshot seen = t == null || !t.isAlive()
                ? new ThreadSnapshot(use.id(), use.name(), use.isVirtual(), ThreadSnapshot.TERMINATED,
                        Collections.emptyList())
                : new ThreadSnapshot(use.id(), t.getName(), use.isVirtual(), t.getState().name(),
                        withStack ? visibleStack(t) : Collections.emptyList());
        byId.put(use.id(), seen);
        if (t != null && waitsForLock(t)) {
            waitingForLocks.add(use.id());
        }
        return seen;
    }

    /** Ids of the threads named so far that waited to enter a monitor or for a java.util.concurrent lock. */
    public Set<Long> waitingForLocks() {
        return Collections.unmodifiableSet(new HashSet<>(waitingForLocks));
    }

    /**
     * Blocked on a monitor, or parked for a lock (a ReentrantLock's or a read-write lock's synchronizer is the
     * blocker); a worker parked on its queue's condition waits for work, not for a lock. Reads a field, no lock.
     */
    private static boolean waitsForLock(Thread t) {
        return t.getState() == Thread.State.BLOCKED || LockSupport.getBlocker(t) instanceof AbstractOwnableSynchronizer;
    }

    /** Every thread named so far, each in its latest form (with a stack if any use asked for one). */
    public Collection<ThreadSnapshot> all() {
        return Collections.unmodifiableCollection(new ArrayList<>(byId.values()));
    }

    /** The thread's stack without lambda proxy frames, which Thread.getStackTrace shows but exception traces hide. */
    private static List<StackTraceElement> visibleStack(Thread t) {
        return visible(t.getStackTrace());
    }

    /** {@code stack} without lambda proxy frames. */
    static List<StackTraceElement> visible(StackTraceElement[] stack) {
        List<StackTraceElement> frames = new ArrayList<>();
        for (StackTraceElement f : stack) {
            if (!f.getClassName().contains("$$Lambda")) {
                frames.add(f);
            }
        }
        return frames;
    }
}
