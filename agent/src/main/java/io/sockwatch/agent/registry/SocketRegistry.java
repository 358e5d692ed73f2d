package io.sockwatch.agent.registry;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.net.InetAddress;
import java.util.AbstractCollection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Every open socket the application created: by fd where its owner tells its fd cheaply (channels, see
 * {@link FdIndex}), otherwise keyed by the identity of its JDK owner object. Called from hooks on application threads,
 * so each operation is a lock-free slot or map operation and nothing else.
 */
public final class SocketRegistry {
    private final ConcurrentHashMap<Object, SocketRecord> live = new ConcurrentHashMap<>(256);
    private final FdIndex byFd = new FdIndex();
    /** The fd of an owner whose socket may be in {@link #byFd}, else -1; null (no fd index) until set. */
    private volatile ToIntFunction<Object> indexedFds;
    private final ReferenceQueue<Object> unreachable = new ReferenceQueue<>();
    /**
     * Per application thread, only a JDK type that refers to sockwatch weakly: a thread-local value must pin
     * neither the classes behind a socket's stack nor sockwatch's own class loader after detach.
     */
    private final ThreadLocal<WeakReference<ThreadUse>> threads = new ThreadLocal<>();
    private static final int LAST_USED_SLOTS = 256;
    /**
     * The socket each thread did I/O on last, by thread id; threads whose ids share a slot take turns. Plain stores
     * shared by every thread: a reader takes what it finds only if its own thread used it last
     * ({@link SocketRecord#usedAgainBy}), so a lost or stale store only sends one read or write the longer way. Only
     * the longer way stores here and in {@link ThreadUse#lastRecord}, so a thread's entry is always its last record.
     */
    private final SocketRecord[] lastUsedBy = new SocketRecord[LAST_USED_SLOTS];
    /**
     * Each thread's {@link ThreadUse} by thread id, as {@link #lastUsedBy}: for the open and close hooks, which found a
     * thread-local lookup's cache lines as cold after a connect or accept as the I/O hook did after a round trip.
     * Thread ids are never reused, so an entry whose id is the current thread's is its own.
     */
    private final ThreadUse[] threadsBySlot = new ThreadUse[LAST_USED_SLOTS];
    private final CaptureBudget stacks;
    /** Close stacks have a budget of their own: a churning client must not starve its opens of stacks. */
    private final CaptureBudget closeStacks;
    private final CloseLog closes = new CloseLog();
    private final Lookalikes lookalikes = new Lookalikes();
    private final AsyncCalls asyncCalls = new AsyncCalls();
    private final PoolLeases leases = new PoolLeases();
    /**
     * From a pooled connection to the owner of its socket, or null; run by the scanner only (see {@link #leases}).
     * Null until the hooks are installed.
     */
    private volatile Function<Object, Object> connectionOwners;

    /**
     * With {@code allStacks} every open and every close of a connection captures its stack; otherwise every one
     * below 2,000 a second and one in 64 above, plus every one opened by a pool that leaked a socket without a stack
     * (see {@link Lookalikes}, docs/design.md and docs/benchmarks.md).
     */
    public SocketRegistry(boolean allStacks) {
        this.stacks = budget(allStacks);
        this.closeStacks = budget(allStacks);
    }

    private static CaptureBudget budget(boolean all) {
        return all ? new CaptureBudget(Integer.MAX_VALUE, 1) : new CaptureBudget(2_000, 64);
    }

    private final Counters opened = new Counters();
    private final Counters closed = new Counters();
    private final Counters reclaimed = new Counters();

    /**
     * Starts tracking {@code owner}; a second open of the same owner is ignored (constructors that chain with
     * {@code this(...)} are hooked once, so this only guards against a chain the transformer did not see).
     * {@code fd} is the socket's fd, or negative when the caller does not know it.
     */
    public void open(Object owner, SocketKind kind, int fd) {
        ThreadUse opener = currentThread();
        boolean sampled = stacks.capture(opener) || lookalikes.capture(opener);
        SocketRecord record = new SocketRecord(owner, unreachable, kind, fd, opener,
                sampled ? new UnresolvedStack() : null);
        if (track(record, owner)) {
            opened.add(kind);
            if (!sampled) {
                lookalikes.watch(record, opener.draw());
            }
        } else {
            record.clear();
        }
    }

    /** False when {@code owner} is tracked already. */
    private boolean track(SocketRecord record, Object owner) {
        ToIntFunction<Object> fds = indexedFds;
        int fd = fds == null ? -1 : fds.applyAsInt(owner);
        if (fd >= 0 && fd == record.fd()) {
            if (byFd.add(record)) {
                return true;
            }
            if (byFd.get(fd, owner) != null) {
                return false;
            }
        }
        record.keyByOwner();
        return live.putIfAbsent(record, record) == null;
    }

    /** The record of {@code owner}, or null when it is not tracked. */
    private SocketRecord find(Object owner) {
        return find(owner, new SocketRecord.Lookup(null));
    }

    /** As {@link #find(Object)}, with a lookup key of the caller's to point at {@code owner}. */
    private SocketRecord find(Object owner, SocketRecord.Lookup key) {
        ToIntFunction<Object> fds = indexedFds;
        int fd = fds == null ? -1 : fds.applyAsInt(owner);
        SocketRecord record = fd >= 0 ? byFd.get(fd, owner) : null;
        return record != null ? record : live.get(key.of(owner));
    }

    /**
     * Lets the sockets of owners whose fd {@code fds} tells (-1 for the others) be tracked by fd: it must tell an
     * owner's fd as the open hook passes it. Set once, before the hooks are installed.
     */
    public void indexByFd(ToIntFunction<Object> fds) {
        this.indexedFds = fds;
    }

    /**
     * Stops tracking {@code owner} and returns its record, or null when it was not tracked: repeated closes, and
     * closes of never-opened impls, stop here, before the closing code reads any endpoint.
     */
    public SocketRecord untrack(Object owner) {
        ToIntFunction<Object> fds = indexedFds;
        int fd = fds == null ? -1 : fds.applyAsInt(owner);
        SocketRecord record = fd >= 0 ? byFd.remove(fd, owner) : null;
        return record != null ? record : live.remove(new SocketRecord.Lookup(owner));
    }

    /**
     * Counts the close of an {@link #untrack untracked} record. A connected socket ({@code remotePort} not 0, as
     * the owner holds it at {@code close()}) is logged with its allocation stack and a (budgeted) close stack, so
     * that the kernel's TIME_WAIT rows it leaves can be named.
     */
    public void closed(SocketRecord record, int localPort, InetAddress remoteAddress, int remotePort) {
        // a cleared reference is never enqueued, so the reaper only sees unclosed sockets
        Object allocation = record.closed();
        closed.add(record.kind());
        if (remotePort != 0) {
            closes.add(new ClosedConnection(record.kind(), localPort, remoteAddress, remotePort,
                    Clock.coarseMillis(), allocation,
                    closeStacks.capture(currentThread()) ? new UnresolvedStack() : null));
        }
    }

    /** The connections closed since the last call, oldest first. For the scanner: it resolves their stacks. */
    public List<ClosedConnection> drainClosedConnections() {
        return closes.drain();
    }

    /** Whether connections were closed since the last {@link #drainClosedConnections}. */
    public boolean hasClosedConnections() {
        return !closes.isEmpty();
    }

    /** Closes of connections not logged because too many came between two scans, since start. */
    public long closedConnectionsDropped() {
        return closes.dropped();
    }

    /**
     * Notes that the current thread did I/O on {@code owner}. Runs on every read and write. A thread that keeps using
     * one socket (keep-alive, ping-pong) finds its record in {@link #lastUsedBy}, by the thread's id: the cache lines of
     * a thread-local lookup, cold after the context switch of every round trip, were most of this hook's cost (about
     * 1.5 % of a loopback keep-alive round trip on JDK 17, bench/'s hookshare-keepalive). Otherwise the thread's own
     * record of its last socket, then one map lookup with the thread's own key, which allocates nothing: a socket
     * opened before an attach is never tracked, and a key per read and write made its I/O ~10 % slower and its JVM's
     * heap grow (issue 15).
     */
    public void used(Object owner) {
        long thread = Thread.currentThread().getId();
        int slot = (int) thread & (LAST_USED_SLOTS - 1);
        SocketRecord last = lastUsedBy[slot];
        if (last != null && last.get() == owner && last.usedAgainBy(thread, Clock.coarseMillis())) {
            return;
        }
        ThreadUse self = currentThread();
        SocketRecord record = self.lastRecord;
        if (record == null || record.get() != owner) {
            record = find(owner, self.lookup);
            self.lookup.of(null); // kept by the thread: it must not keep a socket alive
            if (record == null) {
                return;
            }
            self.lastRecord = record;
        }
        record.used(self, Clock.coarseMillis());
        if (last != record) {
            lastUsedBy[slot] = record;
        }
    }

    /**
     * Notes that {@code owner}'s connection went back to a pool of class {@code pool} unused. Pools call this before
     * the connection can be leased again, so the lease's first read or write always comes after it.
     */
    public void idle(Object owner, String pool) {
        SocketRecord record = find(owner);
        if (record != null) {
            record.idle(pool, Clock.coarseMillis());
        }
    }

    /**
     * Notes that the current thread just leased {@code connection} from a pool of class {@code pool}, with the stack
     * of the borrow (within the budget of allocation stacks). Its socket is found by the scanner: a pool may lease
     * a connection before it connects it. When {@code requester} is an async call ({@link #asyncCall}), the lease
     * runs on another thread than the application's, and the call's stack is the borrow's.
     */
    public void leased(Object connection, String pool, Object requester) {
        ThreadUse self = currentThread();
        UnresolvedStack stack = asyncCalls.stackOf(requester);
        if (stack == null && stacks.capture(self)) {
            stack = new UnresolvedStack();
        }
        leases.put(connection, new PoolLease(pool, Clock.coarseMillis(), self, stack, false));
    }

    /**
     * {@code connection} went back to its pool: its lease, if any, ends. Returns the pool it was leased from, or null:
     * a connection goes back to that pool even where another class takes it back (Reactor Netty leases in its
     * connection provider and returns to reactor-pool).
     */
    public String returned(Object connection) {
        PoolLease lease = leases.remove(connection);
        return lease == null || lease.idle ? null : lease.pool;
    }

    /**
     * As {@link #idle}, for a connection whose socket the pool's hook could not find on the returning thread: the
     * scanner finds it and marks it idle, unless it did I/O since.
     */
    public void idleLater(Object connection, String pool) {
        leases.put(connection, new PoolLease(pool, Clock.coarseMillis(), null, null, true));
    }

    /** How the scanner finds the socket of a pooled connection; set once when the hooks are installed. */
    public void connectionOwners(Function<Object, Object> owners) {
        this.connectionOwners = owners;
    }

    /**
     * For the scanner: the open records whose connection is leased and not returned, with their leases. Applies
     * the idle returns of {@link #idleLater} whose socket it finds.
     */
    public Map<SocketRecord, PoolLease> leases() {
        Map<SocketRecord, PoolLease> leased = new HashMap<>();
        Function<Object, Object> owners = connectionOwners;
        for (Map.Entry<Object, PoolLease> e : leases.live()) {
            Object owner = owners == null ? null : owners.apply(e.getKey());
            SocketRecord record = owner == null ? null : find(owner);
            if (record == null) {
                continue;
            }
            PoolLease lease = e.getValue();
            if (!lease.idle) {
                leased.put(record, lease);
            } else {
                if (record.lastUse() == null || record.lastUseMillis() <= lease.sinceMillis) {
                    record.idle(lease.pool, lease.sinceMillis);
                }
                leases.removeIf(e.getKey(), lease);
            }
        }
        return leased;
    }

    /**
     * Notes the current thread's stack for {@code call}, whose network work another thread will do (see
     * {@link AsyncCalls}); captured within the budget of allocation stacks.
     */
    public void asyncCall(Object call) {
        if (stacks.capture(currentThread())) {
            asyncCalls.called(call, new UnresolvedStack());
        }
    }

    /** The work for {@code call} uses the socket of {@code owner}: the call's stack becomes the socket's caller. */
    public void asyncConnection(Object call, Object owner) {
        UnresolvedStack stack = asyncCalls.stackOf(call);
        if (stack != null) {
            SocketRecord record = find(owner);
            if (record != null) {
                record.calledFrom(stack);
            }
        }
    }

    /** For the scanner: forgets the calls of {@link #asyncCall} that the GC collected. */
    public void forgetFinishedCalls() {
        asyncCalls.forgetFinished();
    }

    /**
     * The current thread's {@link ThreadUse}: from its slot, else its thread-local, else a new one (once the GC took
     * the last, which neither a record nor a slot held any more).
     */
    private ThreadUse currentThread() {
        long id = Thread.currentThread().getId();
        int slot = (int) id & (LAST_USED_SLOTS - 1);
        ThreadUse use = threadsBySlot[slot];
        if (use != null && use.id() == id) {
            return use;
        }
        WeakReference<ThreadUse> ref = threads.get();
        use = ref != null ? ref.get() : null;
        if (use == null) {
            use = new ThreadUse(Thread.currentThread());
            threads.set(new WeakReference<>(use));
        }
        threadsBySlot[slot] = use;
        return use;
    }

    /** Records whose owner the GC reclaimed while still open, removed from tracking. */
    public List<SocketRecord> drainReclaimed() {
        List<SocketRecord> drained = new ArrayList<>();
        for (Object ref; (ref = unreachable.poll()) != null; ) {
            SocketRecord record = (SocketRecord) ref;
            if (untrackReclaimed(record)) {
                drained.add(record);
            }
        }
        return drained;
    }

    /**
     * Removes a record whose owner the GC has cleared before the JDK queued it; false if it is not cleared or no
     * longer tracked. When the JDK queues it later, {@link #drainReclaimed} skips it.
     */
    public boolean removeCleared(SocketRecord record) {
        return record.get() == null && untrackReclaimed(record);
    }

    private boolean untrackReclaimed(SocketRecord record) {
        if (!byFd.remove(record) && live.remove(record) == null) {
            return false;
        }
        reclaimed.add(record.kind());
        leakSeen(record);
        return true;
    }

    /**
     * For the scanner, whenever it finds {@code record} leaked: if its stack was not sampled, the sockets its pool opens
     * from now on are (see {@link Lookalikes}).
     */
    public void leakSeen(SocketRecord record) {
        if (!record.sampled()) {
            lookalikes.leaked(record.opener(), System.currentTimeMillis());
        }
    }

    /** For the scanner, often: sockets opened without a stack and left open make their pool sampled fully. */
    public void checkUnclosed() {
        lookalikes.checkUnclosed(System.currentTimeMillis());
    }

    /** A weakly consistent view of the open records: those by fd, then those in the identity map. */
    public Collection<SocketRecord> live() {
        return liveView;
    }

    private final Collection<SocketRecord> liveView = new AbstractCollection<SocketRecord>() {
        @Override
        public Iterator<SocketRecord> iterator() {
            Iterator<SocketRecord> byFdFirst = byFd.iterator();
            Iterator<SocketRecord> thenMapped = live.values().iterator();
            return new Iterator<SocketRecord>() {
                @Override
                public boolean hasNext() {
                    return byFdFirst.hasNext() || thenMapped.hasNext();
                }

                @Override
                public SocketRecord next() {
                    return byFdFirst.hasNext() ? byFdFirst.next() : thenMapped.next();
                }
            };
        }

        @Override
        public int size() {
            return byFd.size() + live.size();
        }
    };

    /** Whether no socket is tracked. */
    public boolean isEmpty() {
        return live.isEmpty() && !byFd.iterator().hasNext();
    }

    public Counters opened() {
        return opened;
    }

    public Counters closed() {
        return closed;
    }

    public Counters reclaimed() {
        return reclaimed;
    }

    /** Forgets every record (detach); counters keep their totals. */
    public void clear() {
        for (SocketRecord record : liveView) {
            record.clear();
        }
        live.clear();
        byFd.clear();
        Arrays.fill(lastUsedBy, null);
        Arrays.fill(threadsBySlot, null);
        lookalikes.clear();
        asyncCalls.clear();
        leases.clear();
    }

    /** Per-kind event totals. */
    public static final class Counters {
        private final LongAdder[] byKind = new LongAdder[SocketKind.values().length];

        Counters() {
            for (int i = 0; i < byKind.length; i++) {
                byKind[i] = new LongAdder();
            }
        }

        void add(SocketKind kind) {
            byKind[kind.ordinal()].increment();
        }

        public long get(SocketKind kind) {
            return byKind[kind.ordinal()].sum();
        }

        public long total() {
            long sum = 0;
            for (LongAdder a : byKind) {
                sum += a.sum();
            }
            return sum;
        }
    }
}
