package io.sockwatch.agent.instrument;

/**
 * Where Apache HttpClient 5's pools hand an entry to a lease, classic and async clients alike: a
 * {@code StrictConnPool} completes the {@code LeaseRequest} with it, a {@code LaxConnPool}'s per-route pool adds it
 * to its leased entries. Usually on the leasing thread; when a released entry goes straight to a waiting request,
 * on the releasing one. Relocated copies are recognised by their names' tails.
 */
final class ApacheHttpClientLeaseInstrumentation implements SocketInstrumentation {
    static final ApacheHttpClientLeaseInstrumentation STRICT = new ApacheHttpClientLeaseInstrumentation(
            "org.apache.hc.core5.pool.StrictConnPool$LeaseRequest", "completed");
    static final ApacheHttpClientLeaseInstrumentation LAX = new ApacheHttpClientLeaseInstrumentation(
            "org.apache.hc.core5.pool.LaxConnPool$PerRoutePool", "addLeased");

    private final String typeName;
    private final String method;

    private ApacheHttpClientLeaseInstrumentation(String typeName, String method) {
        this.typeName = typeName;
        this.method = method;
    }

    @Override
    public String typeName() {
        return typeName;
    }

    @Override
    public boolean isLibrary() {
        return true;
    }

    @Override
    public boolean matches(String binaryName) {
        return SocketInstrumentation.isOrRelocates(binaryName, typeName);
    }

    @Override
    public String purpose() {
        return "leased Apache HttpClient 5 pooled";
    }

    /** At entry of {@code method(entry)}: the entry is leased; {@code this} names the pool (its enclosing class). */
    @Override
    public HookCall hookFor(String name, String descriptor, int access) {
        return name.equals(method) && SocketInstrumentation.takesArguments(descriptor, 1)
                ? HookCall.leasedFromThis(0) : null;
    }
}
