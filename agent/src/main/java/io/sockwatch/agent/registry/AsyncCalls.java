package io.sockwatch.agent.registry;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The application's stacks of calls whose network work another thread does: the JDK HttpClient runs an exchange, and
 * opens or leases its connection, on a worker thread, whose stack names no application code. A call's stack is kept
 * from the call until its work takes a connection, keyed weakly by the object that stands for the call, so a call
 * that never gets one is forgotten with it. At most {@link #MAX_CALLS} at once: beyond, a call goes without.
 */
final class AsyncCalls {
    static final int MAX_CALLS = 4096;

    private final ConcurrentHashMap<Object, Call> calls = new ConcurrentHashMap<>();
    private final ReferenceQueue<Object> finished = new ReferenceQueue<>();

    void called(Object call, UnresolvedStack stack) {
        if (calls.size() < MAX_CALLS) {
            Call c = new Call(call, finished, stack);
            calls.put(c, c);
        }
    }

    /** The stack of {@code call}, or null if none was kept. */
    UnresolvedStack stackOf(Object call) {
        Call c = calls.get(new Lookup(call));
        return c == null ? null : c.stack;
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

    /** A weak, identity-keyed entry: equal to an entry of the same live call, and a cleared one only to itself. */
    private static final class Call extends WeakReference<Object> {
        private final int hash;
        final UnresolvedStack stack;

        Call(Object call, ReferenceQueue<Object> queue, UnresolvedStack stack) {
            super(call, queue);
            this.hash = System.identityHashCode(call);
            this.stack = stack;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (o == this) {
                return true;
            }
            Object call = get();
            return call != null && o instanceof Call && ((Call) o).get() == call;
        }
    }

    /** Finds the entry of a call without allocating a weak reference. */
    private static final class Lookup {
        private final Object call;

        Lookup(Object call) {
            this.call = call;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(call);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Call && ((Call) o).get() == call;
        }
    }
}
