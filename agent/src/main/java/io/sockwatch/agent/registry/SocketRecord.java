package io.sockwatch.agent.registry;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * One open socket. The record <em>is</em> the weak reference to the JDK object that owns the fd (a
 * {@code SocketImpl} or a channel), so sockwatch never keeps a socket alive, and it is its own key in the
 * registry's identity map, or in its fd index (see {@link FdIndex}).
 */
public final class SocketRecord extends WeakReference<Object> {
    /**
     * The owner's identity hash for a record in the registry's identity map, set before it is put there; 0 for a
     * record in the fd index, which never hashes its owner: the first identity hash of an object is a call into the VM.
     */
    private int ownerHash;
    private final SocketKind kind;
    /**
     * Known at open where the advice reads it for free (channels); otherwise read at the first scan, not on the
     * open path: most sockets are closed before any scan needs it.
     */
    private int fd;
    /**
     * The real time, not the coarse clock's: the JUnit gate tells a test's sockets by their open time against the
     * test's start, and the coarse clock runs up to 50 ms behind.
     */
    private final long openedAtMillis;
    private final ThreadUse opener;
    /**
     * An {@link UnresolvedStack} until first resolved, then the interned {@link AllocationStack}; null when the
     * capture budget skipped this socket.
     */
    private volatile Object allocation;
    /**
     * The stack of the application call whose work last used this socket from another thread (see {@link AsyncCalls}):
     * an {@link UnresolvedStack} until resolved, then an {@link AllocationStack}; null if there is none.
     */
    private volatile Object caller;
    private static final AtomicReferenceFieldUpdater<SocketRecord, Object> CALLER =
            AtomicReferenceFieldUpdater.newUpdater(SocketRecord.class, Object.class, "caller");
    // Written on every read and write, so plain fields: the scanner may see a value one use late, never torn.
    private ThreadUse lastUse;
    /** {@link #lastUse}'s thread id, on this record's own cache line: all the I/O hook's check reads. */
    private long lastUseThreadId;
    private long lastUseMillis;
    /**
     * While the socket waits in a connection pool unused; the next read or write clears it. One reference, not the
     * pool and the time as fields: only pooled sockets pay for it, which keeps every record at 88 bytes.
     */
    private IdleMark idle;
    private volatile KernelObservation kernel;

    public static final int FD_UNREAD = -2;

    SocketRecord(Object owner, ReferenceQueue<Object> queue, SocketKind kind, int fd, ThreadUse opener,
                 UnresolvedStack allocation) {
        super(owner, queue);
        this.fd = fd >= 0 ? fd : FD_UNREAD;
        this.kind = kind;
        this.openedAtMillis = System.currentTimeMillis();
        this.opener = opener;
        this.allocation = allocation;
    }

    public SocketKind kind() {
        return kind;
    }

    /** The OS file descriptor; {@link #FD_UNREAD} until known, -1 if it could not be read. */
    public int fd() {
        return fd;
    }

    /** Set by the scanner from the still-open owner; an open socket's fd never changes. */
    public void fd(int fd) {
        this.fd = fd;
    }

    public long openedAtMillis() {
        return openedAtMillis;
    }

    /** The thread that opened the socket. */
    public ThreadUse opener() {
        return opener;
    }

    public ThreadUse lastUse() {
        return lastUse;
    }

    public long lastUseMillis() {
        return lastUseMillis;
    }

    /** The class of the connection pool the socket waits in unused, or null when it is not idle in a pool. */
    public String idleIn() {
        IdleMark mark = idle;
        return mark == null ? null : mark.pool;
    }

    /** Since when the socket waits in {@link #idleIn()}; 0 when it is not idle in a pool. */
    public long idleSinceMillis() {
        IdleMark mark = idle;
        return mark == null ? 0 : mark.sinceMillis;
    }

    void idle(String pool, long nowMillis) {
        idle = new IdleMark(pool, nowMillis);
    }

    public KernelObservation kernel() {
        return kernel;
    }

    public void observe(KernelObservation observation) {
        this.kernel = observation;
    }

    /** Whether the open captured the allocation stack (the capture budget may skip it). Not for closed records. */
    boolean sampled() {
        return allocation != null;
    }

    /** The allocation stack, resolving (and interning) it on first call; {@link AllocationStack#NOT_SAMPLED} if none. */
    public AllocationStack allocation(StackTable table) {
        Object a = allocation;
        if (a == null) {
            return AllocationStack.NOT_SAMPLED;
        }
        if (a instanceof AllocationStack) {
            return (AllocationStack) a;
        }
        AllocationStack stack = table.resolve((Throwable) a);
        allocation = stack;
        return stack;
    }

    /** The stack of the application call this socket last worked for on another thread, resolved; null if none. */
    public AllocationStack caller(StackTable table) {
        Object c = caller;
        if (c == null || c instanceof AllocationStack) {
            return (AllocationStack) c;
        }
        AllocationStack stack = table.resolve((Throwable) c);
        CALLER.compareAndSet(this, c, stack); // unless a later call took the socket meanwhile
        return stack;
    }

    void calledFrom(UnresolvedStack stack) {
        caller = stack;
    }

    /**
     * Forgets the owner and an unresolved allocation stack: its VM backtrace pins the classes (and class loader)
     * of the code that opened the socket, and a thread may still hold this record as the one it used last.
     * Returns the allocation as it was, for the close log, which the next scan drains.
     */
    Object closed() {
        clear();
        caller = null;
        Object a = allocation;
        if (!(a instanceof AllocationStack)) {
            allocation = null;
        }
        return a;
    }

    /**
     * The I/O of the thread with id {@code thread}, if it used this socket last: then it is noted as {@link #used}
     * would, and true. False when the I/O needs the thread's own {@link ThreadUse}.
     */
    boolean usedAgainBy(long thread, long nowMillis) {
        ThreadUse last = lastUse;
        if (last == null || lastUseThreadId != thread) {
            return false;
        }
        used(last, nowMillis);
        return true;
    }

    /**
     * Stores only what changed, so a busy connection does not dirty the cache line on every read. I/O in the tick
     * of the return to the pool, or the next, keeps the idle mark: the JDK HttpClient's own read of a returned
     * connection (its pool watches for the server's close) can follow the return, and lost the mark of one
     * connection in 5 to 20; a connection leased again does I/O in later ticks too.
     */
    void used(ThreadUse use, long nowMillis) {
        IdleMark mark = idle;
        if (mark != null && nowMillis > mark.sinceMillis + Clock.RESOLUTION_MILLIS) {
            idle = null; // leased again
        }
        if (lastUse != use) {
            lastUseThreadId = use.id();
            lastUse = use;
        }
        if (lastUseMillis != nowMillis) {
            lastUseMillis = nowMillis;
        }
    }

    /** Keys this record by its owner, for the registry's identity map: before it is put there. */
    void keyByOwner() {
        ownerHash = System.identityHashCode(get());
    }

    /** The owner's identity hash once {@link #keyByOwner keyed by it}; otherwise this record's own, which never changes. */
    @Override
    public int hashCode() {
        int h = ownerHash;
        return h != 0 ? h : System.identityHashCode(this);
    }

    /** Equal to a record of the same live owner; a cleared record only equals itself. */
    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        if (o instanceof SocketRecord) {
            Object owner = get();
            return owner != null && owner == ((SocketRecord) o).get();
        }
        return false;
    }

    /** The pool a socket waits in unused, since when. */
    private static final class IdleMark {
        final String pool;
        final long sinceMillis;

        IdleMark(String pool, long sinceMillis) {
            this.pool = pool;
            this.sinceMillis = sinceMillis;
        }
    }

    /** A key to find the record of {@code owner} without allocating a weak reference. */
    static final class Lookup {
        private Object owner;

        Lookup(Object owner) {
            this.owner = owner;
        }

        /**
         * Points this key at {@code owner}: a thread's own key ({@link ThreadUse}) is reused on every read and write,
         * so the I/O hook allocates nothing, also on sockets it does not track; point it back at null after use.
         */
        Lookup of(Object owner) {
            this.owner = owner;
            return this;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(owner);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SocketRecord && ((SocketRecord) o).get() == owner;
        }
    }
}
