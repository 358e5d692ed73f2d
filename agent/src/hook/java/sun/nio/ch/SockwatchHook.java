package sun.nio.ch;

/**
 * The only sockwatch class that lives in {@code java.base}. Advice inlined into JDK socket classes can
 * only call classes the boot loader can see; sockwatch defines this one into {@code sun.nio.ch} at start-up
 * (no bootstrap class-path append, so class-data sharing stays on) and installs its dispatcher as a subclass.
 *
 * <p>Every hook funnels into five calls: a socket was opened, closed, used by the current thread, leased from a
 * connection pool or returned idle to it; and two more link a socket to the application code that asked another thread to use it
 * (see {@link #asyncCall}).
 */
public abstract class SockwatchHook {

    private static volatile SockwatchHook installed;

    protected SockwatchHook() {
    }

    public static void install(SockwatchHook hook) {
        installed = hook;
    }

    /** {@code fd} is the new socket's fd, or -1 where the advice cannot read it cheaply. */
    public static void opened(Object owner, int kind, int fd) {
        SockwatchHook h = installed;
        if (h != null) {
            h.onOpen(owner, kind, fd);
        }
    }

    public static void closed(Object owner) {
        SockwatchHook h = installed;
        if (h != null) {
            h.onClose(owner);
        }
    }

    public static void used(Object owner) {
        SockwatchHook h = installed;
        if (h != null) {
            h.onUse(owner);
        }
    }

    /**
     * {@code connection} (a pool entry, a library connection or a {@code java.net.Socket}) is going back to
     * {@code pool} unused: not a leak while it waits there, even in CLOSE_WAIT. Its next read or write ends that.
     */
    public static void idle(Object connection, Object pool) {
        SockwatchHook h = installed;
        if (h != null) {
            h.onIdle(connection, pool);
        }
    }

    /**
     * {@code connection} (a pool entry, a library connection or a pooled object) was just leased from {@code pool}
     * by the current thread: in use by the application until the pool takes it back with {@link #idle}.
     */
    public static void leased(Object connection, Object pool) {
        SockwatchHook h = installed;
        if (h != null) {
            h.onLeased(connection, pool);
        }
    }

    /**
     * The current thread asks another thread to do network work for {@code call} (the JDK HttpClient's exchange for a
     * request): its stack is the application's, the one the socket's own stack lacks.
     */
    public static void asyncCall(Object call) {
        SockwatchHook h = installed;
        if (h != null) {
            h.onAsyncCall(call);
        }
    }

    /** The work for {@code call} uses {@code connection} (opened for it, or taken from a pool), on whatever thread. */
    public static void asyncConnection(Object call, Object connection) {
        SockwatchHook h = installed;
        if (h != null) {
            h.onAsyncConnection(call, connection);
        }
    }

    /** The OS file descriptor behind {@code fd}, or -1 when it is closed or invalid. */
    public static int fdVal(java.io.FileDescriptor fd) {
        return fd == null ? -1 : IOUtil.fdVal(fd);
    }

    protected abstract void onOpen(Object owner, int kind, int fd);

    protected abstract void onClose(Object owner);

    protected abstract void onUse(Object owner);

    protected abstract void onIdle(Object connection, Object pool);

    protected abstract void onLeased(Object connection, Object pool);

    protected abstract void onAsyncCall(Object call);

    protected abstract void onAsyncConnection(Object call, Object connection);
}
