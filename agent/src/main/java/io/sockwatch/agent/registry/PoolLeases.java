package io.sockwatch.agent.registry;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
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

    private final ConcurrentHashMap<Object, WeakIdentityEntry<PoolLease>> leases = new ConcurrentHashMap<>();
    private final ReferenceQueue<Object> dropped = new ReferenceQueue<>();

    void put(Object connection, PoolLease lease) {
        if (leases.size() < MAX_LEASES) {
            WeakIdentityEntry<PoolLease> e = new WeakIdentityEntry<>(connection, dropped, lease);
            leases.put(e, e);
        }
    }

    /** Ends {@code connection}'s lease; returns it, or null when it had none. */
    PoolLease remove(Object connection) {
        WeakIdentityEntry<PoolLease> e = leases.remove(WeakIdentityEntry.lookup(connection));
        return e == null ? null : e.value;
    }

    /** Scanner side: forgets collected connections; then each live one with its lease, the connection held meanwhile. */
    List<Map.Entry<Object, PoolLease>> live() {
        for (Reference<?> r; (r = dropped.poll()) != null; ) {
            leases.remove(r);
        }
        List<Map.Entry<Object, PoolLease>> all = new ArrayList<>();
        for (WeakIdentityEntry<PoolLease> e : leases.values()) {
            Object connection = e.get();
            if (connection != null) {
                all.add(new AbstractMap.SimpleImmutableEntry<>(connection, e.value));
            }
        }
        return all;
    }

    /** Removes {@code connection}'s entry if it still is {@code lease} (not leased again meanwhile). */
    void removeIf(Object connection, PoolLease lease) {
        WeakIdentityEntry<PoolLease> e = leases.get(WeakIdentityEntry.lookup(connection));
        if (e != null && e.value == lease) {
            leases.remove(e, e);
        }
    }

    void clear() {
        leases.clear();
    }
}
