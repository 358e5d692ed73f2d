package io.sockwatch.agent.registry;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The application's stacks of calls whose network work another thread does: the JDK HttpClient runs an exchange, and
 * opens or leases its connection, on a worker thread, whose stack names no application code. A call's stack is kept
 * from the call until its work takes a connection, keyed weakly by the object that stands for the call, so a call
 * that never gets one is forgotten with it. At most {@link #MAX_CALLS} at once: beyond, a call goes without.
 */
final class AsyncCalls {
    static final int MAX_CALLS = 4096;

    private final ConcurrentHashMap<Object, WeakIdentityEntry<UnresolvedStack>> calls = new ConcurrentHashMap<>();
    private final ReferenceQueue<Object> finished = new ReferenceQueue<>();

    void called(Object call, UnresolvedStack stack) {
        if (calls.size() < MAX_CALLS) {
            WeakIdentityEntry<UnresolvedStack> c = new WeakIdentityEntry<>(call, finished, stack);
            calls.put(c, c);
        }
    }

    /** The stack of {@code call}, or null if none was kept. */
    UnresolvedStack stackOf(Object call) {
        WeakIdentityEntry<UnresolvedStack> c = calls.get(WeakIdentityEntry.lookup(call));
        return c == null ? null : c.value;
    }

    /** Scanner side: drops the calls the GC has collected. */
    void forgetFinished() {
        for (Reference<?> r; (r = finished.poll()) != null; ) {
            calls.remove(r);
        }
    }

    void clear() {
        calls.clear();
    }
}
