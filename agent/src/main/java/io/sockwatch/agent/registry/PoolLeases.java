package io.sockwatch.agent.registry;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connections leased from pools and not returned, keyed weakly by the object the pool lends (an HttpClient pool
 * entry, an OkHttp connection, a commons-pool2 pooled object): the hooks only note the lease, the scanner finds its
 * socket. A lease whose connection the pool drops (closed, not returned) goes with it. At most {@link #MAX_LEASES}
 * at once: beyond, a lease goes unseen.
 */
final class PoolLeases {
    static final int MAX_LEASES = 65_536;

    private final ConcurrentHashMap<Object, Entry> leases = new ConcurrentHashMap<>();
    private final ReferenceQueue<Object> dropped = new ReferenceQueue<>();

    void put(Object connection, PoolLease lease) {
        if (leases.size() < MAX_LEASES) {
            Entry e = new Entry(connection, dropped, lease);
            leases.put(e, e);
        }
    }

    void remove(Object connection) {
        leases.remove(new Lookup(connection));
    }

    /** Scanner side: forgets collected connections; then each live one with its lease, the connection held meanwhile. */
    List<Map.Entry<Object, PoolLease>> live() {
        for (Reference<?> r; (r = dropped.poll()) != null; ) {
            leases.remove(r);
        }
        List<Map.Entry<Object, PoolLease>> all = new ArrayList<>();
        for (Entry e : leases.values()) {
            Object connection = e.get();
            if (connection != null) {
                all.add(new AbstractMap.SimpleImmutableEntry<>(connection, e.lease));
            }
        }
        return all;
    }

    /** Removes {@code connection}'s entry if it still is {@code lease} (not leased again meanwhile). */
    void removeIf(Object connection, PoolLease lease) {
        Entry e = leases.get(new Lookup(connection));
        if (e != null && e.lease == lease) {
            leases.remove(e, e);
        }
    }

    void clear() {
        leases.clear();
    }

    /** A weak, identity-keyed entry: equal to an entry of the same live connection, a cleared one only to itself. */
    private static final class Entry extends WeakReference<Object> {
        private final int hash;
        final PoolLease lease;

        Entry(Object connection, ReferenceQueue<Object> queue, PoolLease lease) {
            super(connection, queue);
            this.hash = System.identityHashCode(connection);
            this.lease = lease;
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
            Object connection = get();
            return connection != null && o instanceof Entry && ((Entry) o).get() == connection;
        }
    }

    /** Finds the entry of a connection without allocating a weak reference. */
    private static final class Lookup {
        private final Object connection;

        Lookup(Object connection) {
            this.connection = connection;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(connection);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Entry && ((Entry) o).get() == connection;
        }
    }
}
