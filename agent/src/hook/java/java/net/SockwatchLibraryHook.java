package java.net;

import sun.nio.ch.SockwatchHook;

/**
 * {@link SockwatchHook} for advice inlined into library classes (Netty, HTTP client pools), which live in the
 * application's class loaders: {@code sun.nio.ch} is not exported to them, and exporting it would change what
 * the application itself may do. This class only forwards; sockwatch defines it into {@code java.base} at start.
 */
public final class SockwatchLibraryHook {

    private SockwatchLibraryHook() {
    }

    public static void opened(Object owner, int kind) {
        SockwatchHook.opened(owner, kind, -1);
    }

    public static void closed(Object owner) {
        SockwatchHook.closed(owner);
    }

    public static void used(Object owner) {
        SockwatchHook.used(owner);
    }

    public static void idle(Object connection, Object pool) {
        SockwatchHook.idle(connection, pool);
    }

    public static void leased(Object connection, Object pool) {
        SockwatchHook.leased(connection, pool);
    }

    public static void asyncCall(Object call) {
        SockwatchHook.asyncCall(call);
    }
}
