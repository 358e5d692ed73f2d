package io.sockwatch.agent.registry;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;

/**
 * A map entry that is its own key, holding its referent weakly and comparing it by identity: equal to an entry of the
 * same live referent, a cleared one only to itself (so the reference queue's entry can still be removed). Identity,
 * because an application's {@code equals} must never run on a hook's thread.
 */
final class WeakIdentityEntry<V> extends WeakReference<Object> {
    private final int hash;
    final V value;

    WeakIdentityEntry(Object referent, ReferenceQueue<Object> queue, V value) {
        super(referent, queue);
        this.hash = System.identityHashCode(referent);
        this.value = value;
    }

    /** A key that finds the entry of {@code referent} without allocating a weak reference. */
    static Object lookup(Object referent) {
        return new Lookup(referent);
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
        Object referent = get();
        return referent != null && o instanceof WeakIdentityEntry && ((WeakIdentityEntry<?>) o).get() == referent;
    }

    private static final class Lookup {
        private final Object referent;

        Lookup(Object referent) {
            this.referent = referent;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(referent);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof WeakIdentityEntry && ((WeakIdentityEntry<?>) o).get() == referent;
        }
    }
}
