package io.sockwatch.agent.instrument;

/**
 * {@code okhttp3.internal.connection.RealCall} (OkHttp 4 and 5): {@code acquireConnectionNoEvents(connection)}
 * gives the call a connection, pooled or just connected, on the thread that runs the call. The pool is the call's
 * {@code connectionPool} field. Relocated copies are recognised by their names' tails.
 */
final class OkHttpCallInstrumentation implements SocketInstrumentation {

    @Override
    public String typeName() {
        return "okhttp3.internal.connection.RealCall";
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
        return "leased OkHttp pooled";
    }

    @Override
    public HookCall hookFor(String name, String descriptor, int access) {
        return name.equals("acquireConnectionNoEvents") && SocketInstrumentation.takesArguments(descriptor, 1)
                ? new Acquire() : null;
    }

    /** At entry, {@code leased(connection, this.connectionPool)}, the pool's type named in the call's own package. */
    private static final class Acquire extends HookCall {
        Acquire() {
            super(false);
        }

        @Override
        void emit(HookCode code) {
            String owner = code.owner();
            code.loadArgument(0);
            code.loadField("connectionPool", "L" + owner.substring(0, owner.lastIndexOf('/') + 1) + "RealConnectionPool;");
            code.callLeased();
        }
    }
}
