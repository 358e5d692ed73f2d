package io.sockwatch.agent.instrument;

import net.bytebuddy.jar.asm.Opcodes;

/**
 * Reactor Netty's {@code DisposableAcquire}, one request's wait for a pooled connection: it is made on the thread that
 * subscribes to the request ({@code .response().block()}), and gets its connection in {@code onNext(pooledRef)},
 * usually later on an event loop whose stack names no application code. So the subscriber's stack is kept for the
 * acquire (as a JDK HttpClient call's) and the lease is noted with it; {@link ReactorPoolInstrumentation} sees the
 * return. A retry's copy ({@code DisposableAcquire(DisposableAcquire)}) is not followed: it leases with no stack.
 */
final class ReactorNettyAcquireInstrumentation implements SocketInstrumentation {

    @Override
    public String typeName() {
        return "reactor.netty.resources.DefaultPooledConnectionProvider$DisposableAcquire";
    }

    @Override
    public boolean isLibrary() {
        return true;
    }

    @Override
    public String purpose() {
        return "leased Reactor Netty pooled";
    }

    @Override
    public HookCall hookFor(String name, String descriptor, int access) {
        if (name.equals(CONSTRUCTOR) && SocketInstrumentation.takesArguments(descriptor, 6)) {
            return HookCall.asyncCallOfThis();
        }
        return name.equals("onNext") && (access & Opcodes.ACC_BRIDGE) == 0
                && SocketInstrumentation.takesArguments(descriptor, 1) ? HookCall.leasedFromThis(0) : null;
    }
}
