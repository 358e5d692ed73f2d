package io.sockwatch.agent.instrument;

/**
 * {@code okhttp3.internal.connection.RealConnectionPool} (OkHttp 4 and 5): a connection whose last call ended
 * becomes idle here. The pool either keeps it, until a call reuses it or its keep-alive duration passes, or
 * closes it at once, which the close hook sees. Relocated copies are recognised by their names' tails.
 */
final class OkHttpConnectionPoolInstrumentation implements SocketInstrumentation {
    /** Called under the connection's lock, which a call must take to reuse it: nothing uses it before this. */

    @Override
    public String typeName() {
        return "okhttp3.internal.connection.RealConnectionPool";
    }

    @Override
    public boolean isLibrary() {
        return true;
    }

    @Override
    public boolean matches(String binaryName) {
        return SocketInstrumentation.isOrRelocates(binaryName, typeName());
    }

    @Override
    public String purpose() {
        return "idle OkHttp pooled";
    }

    @Override
    public HookCall hookFor(String name, String descriptor, int access) {
        return name.equals("connectionBecameIdle") && SocketInstrumentation.takesArguments(descriptor, 1)
                ? HookCall.idleInThis(0) : null;
    }
}
