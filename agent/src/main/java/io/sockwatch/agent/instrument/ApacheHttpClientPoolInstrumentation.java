package io.sockwatch.agent.instrument;

import net.bytebuddy.jar.asm.Opcodes;

/**
 * The connection pools of Apache HttpClient 4 ({@code AbstractConnPool}, the base of {@code CPool}) and 5
 * ({@code StrictConnPool}, the default, and {@code LaxConnPool}; classic and async clients alike): each has
 * {@code release(entry, reusable)}, where a consumed or closed response returns its connection to wait for its next
 * lease or the idle eviction. HttpClient 4's pool also has {@code onLease(entry)}; HttpClient 5 leases in classes of
 * their own ({@link ApacheHttpClientLeaseInstrumentation}). Relocated copies are recognised by their names' tails.
 */
final class ApacheHttpClientPoolInstrumentation implements SocketInstrumentation {
    static final ApacheHttpClientPoolInstrumentation HTTP_CLIENT_4 =
            new ApacheHttpClientPoolInstrumentation("org.apache.http.pool.AbstractConnPool", "Apache HttpClient 4", "onLease");
    static final ApacheHttpClientPoolInstrumentation HTTP_CLIENT_5_STRICT =
            new ApacheHttpClientPoolInstrumentation("org.apache.hc.core5.pool.StrictConnPool", "Apache HttpClient 5", null);
    static final ApacheHttpClientPoolInstrumentation HTTP_CLIENT_5_LAX =
            new ApacheHttpClientPoolInstrumentation("org.apache.hc.core5.pool.LaxConnPool", "Apache HttpClient 5 (lax)", null);

    private final String typeName;
    private final String client;
    /** The pool's own {@code (entry)} method that runs on the leasing thread once an entry is leased, or null. */
    private final String leaseMethod;

    private ApacheHttpClientPoolInstrumentation(String typeName, String client, String leaseMethod) {
        this.typeName = typeName;
        this.client = client;
        this.leaseMethod = leaseMethod;
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
        return "idle and leased " + client + " pooled";
    }

    @Override
    public HookCall hookFor(String name, String descriptor, int access) {
        if (name.equals(leaseMethod) && descriptor.endsWith(")V") && SocketInstrumentation.takesArguments(descriptor, 1)) {
            return HookCall.leasedFromThis(0);
        }
        // HttpClient 4's bridge release(Object, boolean) of the ConnPool interface calls this one.
        return name.equals("release") && descriptor.endsWith("Z)V") && SocketInstrumentation.takesArguments(descriptor, 2)
                && (access & Opcodes.ACC_BRIDGE) == 0 ? new Release() : null;
    }

    /**
     * At entry, {@code if (reusable) idle(entry, this)}: once back in the pool, another thread may lease the entry.
     * An entry not reusable is closed.
     */
    private static final class Release extends HookCall {
        Release() {
            super(false);
        }

        @Override
        void emit(HookCode code) {
            code.loadArgument(1);
            code.skipUnless();
            code.loadArgument(0);
            code.loadThis();
            code.callIdle();
        }
    }
}
