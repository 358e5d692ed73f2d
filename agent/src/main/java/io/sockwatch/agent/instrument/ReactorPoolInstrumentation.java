package io.sockwatch.agent.instrument;

/**
 * reactor-pool's {@code SimpleDequePool}, shaded into Reactor Netty: {@code maybeRecycleAndDrain(pooledRef, actual)}
 * runs when a released connection comes back, before another acquire can get it. Relocated copies (Reactor Netty's
 * own) are recognised by their names' tails.
 */
final class ReactorPoolInstrumentation implements SocketInstrumentation {

    @Override
    public String typeName() {
        return "reactor.pool.SimpleDequePool";
    }

    @Override
    public boolean isLibrary() {
        return true;
    }

    @Override
    public String purpose() {
        return "idle Reactor Netty pooled";
    }

    @Override
    public HookCall hookFor(String name, String descriptor, int access) {
        return name.equals("maybeRecycleAndDrain") && SocketInstrumentation.takesArguments(descriptor, 2)
                ? HookCall.idleInThis(0) : null;
    }
}
